using System.Net;
using AuditKit.AspNetCore.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;

namespace AuditKit.AspNetCore.Tests;

public sealed class CaptureTests
{
    private const string Chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    [Test]
    public async Task UseAuditKit_EventRecordedInRequest_CarriesActorTenantClientSessionAndCorrelation()
    {
        await using var host = await AuditWebHost.StartAsync();
        using var client = await host.SignInAsync("jsmith", "A", "Sales Manager", "Auditor");
        client.DefaultRequestHeaders.UserAgent.ParseAdd(Chrome);

        var response = await client.PostAsync("/test/customers/CUST-12345", null);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var e = (await host.StoredAsync(new AuditQuery { Actions = [AuditActions.Update] })).Single();
        e.Actor.Should().Be(new AuditActor("jsmith", "jsmith Name", "jsmith@example.com", "Sales Manager, Auditor"));
        e.TenantId.Should().Be("A");
        e.Client!.IpAddress.Should().Be("127.0.0.1");
        e.Client.UserAgent.Should().Be(Chrome);
        e.Client.Device.Should().Be("Chrome on Windows");
        e.Client.SessionId.Should().StartWith("sess_");
        e.CorrelationId.Should().NotBeNullOrEmpty();

        // The session id is the one the sign-in recorded: login and change pair up.
        var login = (await host.StoredAsync(new AuditQuery { Actions = [AuditActions.Login] })).Single();
        login.Client!.SessionId.Should().Be(e.Client.SessionId);
    }

    [Test]
    public async Task UseAuditKit_TwoRequests_GetDifferentCorrelationIds()
    {
        await using var host = await AuditWebHost.StartAsync();
        using var client = await host.SignInAsync("jsmith", "A", "Auditor");

        await client.PostAsync("/test/customers/1", null);
        await client.PostAsync("/test/customers/2", null);

        var events = await host.StoredAsync(new AuditQuery { Actions = [AuditActions.Update] });
        events.Select(e => e.CorrelationId).Distinct().Should().HaveCount(2);
    }

    [Test]
    public async Task UseAuditKit_AnonymousRequest_RecordsNoActor()
    {
        await using var host = await AuditWebHost.StartAsync();
        using var client = host.Anonymous();

        await client.PostAsync("/test/customers/1", null);

        var e = (await host.StoredAsync(new AuditQuery { Actions = [AuditActions.Update] })).Single();
        e.Actor.Should().BeNull();
        e.TenantId.Should().BeNull();
        e.Client!.IpAddress.Should().Be("127.0.0.1");
    }

    [Test]
    public async Task UseAuditKit_RawForwardedHeader_IsNotTrustedByDefault()
    {
        await using var host = await AuditWebHost.StartAsync();
        using var client = await host.SignInAsync("jsmith", "A", "Auditor");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.9");

        await client.PostAsync("/test/customers/1", null);

        var e = (await host.StoredAsync(new AuditQuery { Actions = [AuditActions.Update] })).Single();
        e.Client!.IpAddress.Should().Be("127.0.0.1");
    }

    [Test]
    public async Task UseAuditKit_HostTrustsProxyWithForwardedHeaders_RecordsForwardedClient()
    {
        // The host's ForwardedHeaders middleware trusts loopback proxies by default; AuditKit reads what it decided.
        await using var host = await AuditWebHost.StartAsync(pipeline: app => app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor }));
        using var client = await host.SignInAsync("jsmith", "A", "Auditor");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.9");

        await client.PostAsync("/test/customers/1", null);

        var e = (await host.StoredAsync(new AuditQuery { Actions = [AuditActions.Update] })).Single();
        e.Client!.IpAddress.Should().Be("203.0.113.9");
    }

    [Test]
    public async Task UseAuditKit_ClaimLongerThanAnIdentifier_IsCutAndTheEventIsStillRecorded()
    {
        await using var host = await AuditWebHost.StartAsync();
        var longId = new string('x', 1000);
        using var client = await host.SignInAsync(longId, "A", "Auditor");

        var response = await client.PostAsync("/test/customers/1", null);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var e = (await host.StoredAsync(new AuditQuery { Actions = [AuditActions.Update] })).Single();
        e.Actor!.Id.Should().Be(new string('x', 256));
    }
}
