using System.Text.Json;
using AuditKit.AspNetCore.Tests.Support;

namespace AuditKit.AspNetCore.Tests;

/// <summary>
/// <c>ui/features</c> offers the alerts screen only when <c>audit.AddAlerts()</c> registered <see cref="IAuditAlerts"/>,
/// and the retention screen only when <c>audit.AddRetention(...)</c> registered <see cref="IAuditRetention"/>: the
/// endpoints are mapped either way (and answer 404 without them).
/// </summary>
public sealed class UiFeaturesTests
{
    [Test]
    public async Task Alerts_AreOfferedOnlyWhenIAuditAlertsIsRegistered()
    {
        await using (var without = await AuditWebHost.StartAsync(o => o.Api.ServeUi = true))
        {
            using var client = await without.SignInAsync("auditor-a", "A", "Auditor");
            (await client.GetAsync("/audit/alerts/rules")).StatusCode.Should().Be(System.Net.HttpStatusCode.NotFound, "the endpoints are mapped but alerts are not enabled");
            (await AlertsFeatureAsync(client)).Should().BeFalse();
        }

        await using var with = await AuditWebHost.StartAsync(o => o.Api.ServeUi = true,
            services: b => b.Services.AddAuditKit(a => a.AddAlerts()));
        using var reader = await with.SignInAsync("auditor-a", "A", "Auditor");
        (await AlertsFeatureAsync(reader)).Should().BeTrue();
    }

    [Test]
    public async Task Retention_IsOfferedOnlyWhenIAuditRetentionIsRegistered()
    {
        await using (var without = await AuditWebHost.StartAsync(o => o.Api.ServeUi = true))
        {
            using var client = await without.SignInAsync("auditor-a", "A", "Auditor");
            (await client.GetAsync("/audit/retention/policies")).StatusCode.Should().Be(System.Net.HttpStatusCode.NotFound, "the endpoints are mapped but retention is not enabled");
            (await FeatureAsync(client, "retention")).Should().BeFalse();
        }

        var archives = Path.Combine(Path.GetTempPath(), "auditkit-tests", Guid.NewGuid().ToString("N"));
        await using var with = await AuditWebHost.StartAsync(o => o.Api.ServeUi = true,
            services: b => b.Services.AddAuditKit(a => a.AddRetention(r =>
            {
                r.ArchiveFolder = archives;
                r.KeyProvider = new StaticArchiveKeyProvider("k", new byte[32]);
                r.RunOnSchedule = false;
            })));
        using var reader = await with.SignInAsync("auditor-a", "A", "Auditor");
        (await FeatureAsync(reader, "retention")).Should().BeTrue();
    }

    private static async Task<bool> FeatureAsync(HttpClient client, string feature)
    {
        using var features = JsonDocument.Parse(await client.GetStringAsync("/audit/ui/features"));
        return features.RootElement.GetProperty(feature).GetBoolean();
    }

    private static async Task<bool> AlertsFeatureAsync(HttpClient client)
    {
        using var features = JsonDocument.Parse(await client.GetStringAsync("/audit/ui/features"));
        return features.RootElement.GetProperty("alerts").GetBoolean();
    }
}
