using System.Net;
using AuditKit.Samples.Erp.Tests.Support;

namespace AuditKit.Samples.Erp.Tests;

/// <summary>The sample serves AuditKit's embedded screens at /audit/ (compiled once the ASP.NET Core package has them).</summary>
public sealed class AuditScreensTests
{
    [Test]
    public async Task AuditLogLink_OpensTheEmbeddedScreens_ForAuditReadersOnly()
    {
        var folder = ErpHost.NewFolder();
        try
        {
            await using var host = await ErpHost.StartAsync(folder, "--Erp:Seed=false");
            using var admin = await host.SignInAsync("sjohnson");
            var link = await admin.GetAsync("/audit-log");
            link.StatusCode.Should().Be(HttpStatusCode.Redirect);
            link.Headers.Location!.ToString().Should().Be("/audit/");
            var page = await admin.GetAsync("/audit/");
            page.StatusCode.Should().Be(HttpStatusCode.OK);
            (await page.Content.ReadAsStringAsync()).Should().Contain("<title>Audit Logs</title>");
            page.Headers.GetValues("Content-Security-Policy").Should().ContainSingle();

            using var user = await host.SignInAsync("jsmith");
            (await user.GetAsync("/audit/")).StatusCode.Should().NotBe(HttpStatusCode.OK, "a regular user is not an audit reader");
        }
        finally
        {
            ErpHost.Delete(folder);
        }
    }
}
