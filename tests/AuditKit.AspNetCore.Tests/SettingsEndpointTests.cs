using System.Net;
using System.Net.Http.Json;
using AuditKit.AspNetCore.Tests.Support;

namespace AuditKit.AspNetCore.Tests;

public sealed class SettingsEndpointTests
{
    [Test]
    public async Task EventConfiguration_ReadSaveAndConflict()
    {
        await using var host = await AuditWebHost.StartAsync();
        using var admin = await host.SignInAsync("admin-a", "A", "Admin");

        var initial = await (await admin.GetAsync("/audit/settings/events")).BodyAsync();
        ((long)initial["version"]!).Should().Be(0);
        ((bool)initial["policy"]!["create"]!).Should().BeTrue();

        var saved = await admin.PutAsJsonAsync("/audit/settings/events", new { version = 0, policy = new { create = false, viewLogging = new Dictionary<string, bool> { ["Product"] = false } } });
        saved.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await saved.BodyAsync();
        ((long)body["version"]!).Should().Be(1);
        ((string)body["updatedBy"]!).Should().Be("admin-a");

        // A second administrator saving over the version they read before the first save: 409, nothing written.
        var stale = await admin.PutAsJsonAsync("/audit/settings/events", new { version = 0, policy = new { create = true } });
        stale.StatusCode.Should().Be(HttpStatusCode.Conflict);
        ((long)(await stale.BodyAsync())["actualVersion"]!).Should().Be(1);

        var entry = await host.Services.GetRequiredService<IAuditSettings>().GetAsync<AuditEventPolicy>(AuditEventPolicy.DocumentName);
        entry.Version.Should().Be(1);
        entry.Value.Create.Should().BeFalse();
        entry.Value.ViewLogging.Should().Equal(new Dictionary<string, bool> { ["Product"] = false });

        // The change is itself audited, by the administrator.
        var change = (await host.StoredAsync(new AuditQuery { Actions = [AuditActions.SettingsChanged] })).Single();
        change.Actor!.Id.Should().Be("admin-a");
    }
}
