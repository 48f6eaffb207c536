using System.Net;
using AuditKit.AspNetCore.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;

namespace AuditKit.AspNetCore.Tests;

/// <summary>The MaxMind locator over the real GeoLite2 City database.</summary>
public sealed class GeoLocationTests
{
    // University of Minnesota's network (MaxMind's own documentation example), Google's public resolver, a private address.
    [TestCase("128.101.101.101", "Minneapolis, MN (estimated)")]
    [TestCase("::ffff:128.101.101.101", "Minneapolis, MN (estimated)")]
    [TestCase("10.1.2.3", null)]
    [TestCase("127.0.0.1", null)]
    public async Task LocateAsync_KnownAddress_GivesCityAndRegion(string address, string? expected)
    {
        using var locator = new MaxMindGeoLocator(GeoLiteDatabase.Path);

        (await locator.LocateAsync(IPAddress.Parse(address))).Should().Be(expected);
    }

    [Test]
    public void Constructor_MissingFile_NamesIt()
    {
        var act = () => new MaxMindGeoLocator("/nonexistent/GeoLite2-City.mmdb");

        act.Should().Throw<FileNotFoundException>().WithMessage("*GeoLite2-City.mmdb*");
    }

    [Test]
    public async Task Request_WithGeoLocationOn_RecordsTheLocation()
    {
        await using var host = await AuditWebHost.StartAsync(
            services: b => b.Services.AddAuditKit(a => a.AddMaxMindGeoLocation(GeoLiteDatabase.Path)),
            pipeline: app => app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor }));
        using var client = await host.SignInAsync("jsmith", "A", "Auditor");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "128.101.101.101");

        await client.PostAsync("/test/customers/1", null);

        var e = (await host.StoredAsync(new AuditQuery { Actions = [AuditActions.Update] })).Single();
        e.Client!.Location.Should().Be("Minneapolis, MN (estimated)");
    }

    [Test]
    public async Task Request_WithoutGeoLocation_RecordsNoLocation()
    {
        await using var host = await AuditWebHost.StartAsync(pipeline: app => app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor }));
        using var client = await host.SignInAsync("jsmith", "A", "Auditor");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "128.101.101.101");

        await client.PostAsync("/test/customers/1", null);

        (await host.StoredAsync(new AuditQuery { Actions = [AuditActions.Update] })).Single().Client!.Location.Should().BeNull();
    }
}
