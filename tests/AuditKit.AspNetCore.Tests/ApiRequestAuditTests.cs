using System.Net;
using AuditKit.AspNetCore.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AuditKit.AspNetCore.Tests;

public sealed class ApiRequestAuditTests
{
    [Test]
    public async Task Enabled_IncludedRoute_RecordsMethodRouteTemplateStatusAndDuration()
    {
        await using var host = await StartAsync();
        using var client = await host.SignInAsync("api-client", "A", "Auditor");

        (await client.GetAsync("/api/orders/SO-2026-0892")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.DeleteAsync("/api/orders/SO-1")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        var requests = (await host.StoredAsync(new AuditQuery { Categories = [AuditCategory.ApiRequest] })).OrderBy(e => e.Timestamp).ToList();
        requests.Select(e => (e.Action, e.Target!.RecordId, e.Metadata["status"].GetInt32(), e.Outcome)).Should().Equal(
            ("GET", "/api/orders/{id}", 200, AuditOutcome.Success),
            ("DELETE", "/api/orders/{id}", 404, AuditOutcome.Failure));
        requests[0].Metadata["duration_ms"].GetDouble().Should().BeGreaterThanOrEqualTo(15, "the endpoint waits 20 ms");
        requests[0].Actor!.Id.Should().Be("api-client");
        requests[0].TenantId.Should().Be("A");
    }

    [Test]
    public async Task Enabled_ExcludedAndNotIncludedRoutesAndTheAuditApi_AreNotRecorded()
    {
        await using var host = await StartAsync();
        using var client = await host.SignInAsync("api-client", "A", "Auditor");

        await client.GetAsync("/api/health");
        await client.PostAsync("/test/customers/1", null);
        await client.GetAsync("/audit/events");

        (await host.StoredAsync(new AuditQuery { Categories = [AuditCategory.ApiRequest] })).Should().BeEmpty();
    }

    [Test]
    public async Task Disabled_ByDefault_RecordsNothing()
    {
        await using var host = await AuditWebHost.StartAsync(endpoints: MapApi);
        using var client = await host.SignInAsync("api-client", "A", "Auditor");

        await client.GetAsync("/api/orders/1");

        (await host.StoredAsync(new AuditQuery { Categories = [AuditCategory.ApiRequest] })).Should().BeEmpty();
    }

    [Test]
    public async Task Enabled_CustomMethodLongerThanAnIdentifier_IsCutNotA500()
    {
        await using var host = await StartAsync();
        using var client = await host.SignInAsync("api-client", "A", "Auditor");
        var method = new string('M', 300);

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/api/orders/1"));

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        (await host.StoredAsync(new AuditQuery { Categories = [AuditCategory.ApiRequest] })).Single().Action.Should().Be(new string('M', 256));
    }

    [TestCase("/api/*", "/api/orders/{id}", true)]
    [TestCase("/api/*", "/apis", false)]
    [TestCase("/api/orders", "/api/orders/", true)]
    [TestCase("api/orders", "/API/Orders", true)]
    [TestCase("/api/orders", "/api/orders/{id}", false)]
    [TestCase("/api/orders/*", "/api/invoices", false)]
    public void RouteFilter_Matches(string pattern, string route, bool expected) => RouteFilter.Matches(pattern, route).Should().Be(expected);

    private static Task<AuditWebHost> StartAsync() => AuditWebHost.StartAsync(
        o =>
        {
            o.Requests.Enabled = true;
            o.Requests.Include.Add("/api/*");
            o.Requests.Exclude.Add("/api/health");
        },
        endpoints: MapApi);

    private static void MapApi(WebApplication app)
    {
        app.MapGet("/api/orders/{id}", async (string id) =>
        {
            await Task.Delay(20);
            return Results.Ok(id);
        });
        app.MapDelete("/api/orders/{id}", (string id) => Results.NotFound());
        app.MapGet("/api/health", () => Results.Ok());
    }
}
