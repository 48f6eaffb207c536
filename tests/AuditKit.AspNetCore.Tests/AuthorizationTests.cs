using System.Net;
using System.Net.Http.Json;
using AuditKit.AspNetCore.Tests.Support;

namespace AuditKit.AspNetCore.Tests;

public sealed class AuthorizationTests
{
    private AuditWebHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _host = await AuditWebHost.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [TestCaseSource(typeof(Endpoints), nameof(Endpoints.Reads))]
    public async Task Read_Anonymous_Is401ProblemNotALoginRedirect(string path)
    {
        using var client = _host.Anonymous();

        var response = await client.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [TestCaseSource(typeof(Endpoints), nameof(Endpoints.Reads))]
    public async Task Read_WithoutReadPolicy_Is403(string path)
    {
        using var client = await _host.SignInAsync("clerk", "A", "Clerk");

        (await client.GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [TestCaseSource(typeof(Endpoints), nameof(Endpoints.Reads))]
    public async Task Read_ReaderWithoutTenantClaim_Is403(string path)
    {
        using var client = await _host.SignInAsync("auditor", tenant: null, "Auditor");

        (await client.GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Read_TenantClaimLongerThanAnIdentifier_Is403NotAPrefixScope()
    {
        using var client = await _host.SignInAsync("auditor", new string('t', 300), "Auditor");

        (await client.GetAsync("/audit/events")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task SaveSettings_ReaderWithoutAdminPolicy_Is403AndNothingChanges()
    {
        using var client = await _host.SignInAsync("auditor", "A", "Auditor");

        var response = await client.PutAsJsonAsync("/audit/settings/events", new { version = 0, policy = new { create = false } });

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var entry = await _host.Services.GetRequiredService<IAuditSettings>().GetAsync<AuditEventPolicy>(AuditEventPolicy.DocumentName);
        entry.Version.Should().Be(0);
    }

    [Test]
    public async Task SaveSettings_Anonymous_Is401()
    {
        using var client = _host.Anonymous();

        (await client.PutAsJsonAsync("/audit/settings/events", new { version = 0, policy = new { } })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
