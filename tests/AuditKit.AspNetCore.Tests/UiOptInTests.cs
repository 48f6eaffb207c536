using System.Net;
using AuditKit.AspNetCore.Tests.Support;

namespace AuditKit.AspNetCore.Tests;

/// <summary>The embedded screens are served only when the host opts in (<c>o.Api.ServeUi</c>); the API works either way.</summary>
public sealed class UiOptInTests
{
    [Test]
    public async Task WithoutServeUi_ThePageIsNotMapped()
    {
        await using var host = await AuditWebHost.StartAsync();
        using var client = await host.SignInAsync("auditor-a", "A", "Auditor");

        (await client.GetAsync("/audit/")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await client.GetAsync("/audit/ui/app.js")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await client.GetAsync("/audit/events")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Test]
    public async Task WithServeUi_ThePageIsServed_AndAnonymousBrowsersGetTheHostsChallenge()
    {
        await using var host = await AuditWebHost.StartAsync(o => o.Api.ServeUi = true);
        using var client = await host.SignInAsync("auditor-a", "A", "Auditor");
        var page = await client.GetAsync("/audit/");
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync()).Should().Contain("<title>Audit Logs</title>");

        // The page is for browsers: the host's cookie scheme redirects to its login page (the API keeps its 401).
        using var anonymous = host.Anonymous();
        var challenged = await anonymous.GetAsync("/audit/");
        challenged.StatusCode.Should().Be(HttpStatusCode.Redirect);
        challenged.Headers.Location!.ToString().Should().Contain("/Account/Login");
        (await anonymous.GetAsync("/audit/events")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
