using System.Net;
using System.Net.Http.Json;
using AuditKit.AspNetCore.Tests.Support;

namespace AuditKit.AspNetCore.Tests;

/// <summary>The Alert Rules screen's endpoints over HTTP: rules CRUD with the admin policy and conflicts, the tenant-scoped inbox, acknowledge and resolve.</summary>
public sealed class AlertEndpointTests
{
    [Test]
    public async Task Rules_AdminsSaveAndDeleteReadersOnlyRead_ConflictsAndBadRulesAreRefused()
    {
        await using var host = await StartAsync();
        using var admin = await host.SignInAsync("admin-a", "A", "Admin");
        using var auditor = await host.SignInAsync("auditor-a", "A", "Auditor");
        var template = (await (await auditor.GetAsync("/audit/alerts/templates")).BodyAsync()).AsArray().Single(t => (string)t!["id"]! == "mass-data-export")!["rule"];

        (await auditor.PutAsJsonAsync("/audit/alerts/rules/mass-data-export", new { revision = 0, rule = template })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var created = await admin.PutAsJsonAsync("/audit/alerts/rules/mass-data-export", new { revision = 0, rule = template });
        created.StatusCode.Should().Be(HttpStatusCode.OK);
        ((long)(await created.BodyAsync())["revision"]!).Should().Be(1);

        var stale = await admin.PutAsJsonAsync("/audit/alerts/rules/mass-data-export", new { revision = 0, rule = template });
        stale.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var bad = await admin.PutAsJsonAsync("/audit/alerts/rules/sum", new { revision = 0, rule = new { name = "Sum", threshold = new { kind = "Sum" } } });
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await bad.BodyAsync())["errors"]!.AsObject().Select(e => e.Key).Should().Equal("rules[sum].threshold.field");

        var list = (await (await auditor.GetAsync("/audit/alerts/rules")).BodyAsync()).AsArray();
        list.Select(r => (string)r!["id"]!).Should().Equal("mass-data-export");
        ((string)list[0]!["rule"]!["when"]!["all"]![1]!["field"]!).Should().Be("metadata.record_count");
        (await auditor.DeleteAsync("/audit/alerts/rules/mass-data-export?revision=1")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await admin.DeleteAsync("/audit/alerts/rules/mass-data-export?revision=1")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await auditor.GetAsync("/audit/alerts/rules/mass-data-export")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Inbox_EachTenantSeesItsOwnAlerts_AdminsAcknowledgeAndResolve()
    {
        await using var host = await StartAsync();
        await host.Services.GetRequiredService<IAuditAlerts>().SaveRuleAsync("account-locked", AlertRuleTemplates.AccountLocked(), 0);
        await host.RecordAsync(AuditEvents.AccountLocked(new AuditActor("u-1", "Ann")) with { TenantId = "A" });
        await host.RecordAsync(AuditEvents.AccountLocked(new AuditActor("u-2", "Bob")) with { TenantId = "B" });
        using var adminA = await host.SignInAsync("admin-a", "A", "Admin");
        using var auditorA = await host.SignInAsync("auditor-a", "A", "Auditor");
        using var adminB = await host.SignInAsync("admin-b", "B", "Admin");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        List<System.Text.Json.Nodes.JsonNode> mine;
        while ((mine = [.. (await (await auditorA.GetAsync("/audit/alerts?status=Active")).BodyAsync()).Items()]).Count == 0)
        {
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(60));
            await Task.Delay(100);
        }

        mine.Should().ContainSingle();
        ((string)mine[0]["tenantId"]!).Should().Be("A");
        ((string)mine[0]["status"]!).Should().Be("Active");
        var id = (string)mine[0]["id"]!;

        (await auditorA.PostAsync($"/audit/alerts/{id}/acknowledge", null)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await adminB.PostAsync($"/audit/alerts/{id}/acknowledge", null)).StatusCode.Should().Be(HttpStatusCode.NotFound, "tenant B cannot see tenant A's alert");
        var acknowledged = await adminA.PostAsJsonAsync($"/audit/alerts/{id}/acknowledge", new { note = "on it" });
        acknowledged.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await acknowledged.BodyAsync();
        ((string)body["status"]!).Should().Be("Acknowledged");
        ((string)body["acknowledgedBy"]!).Should().Be("admin-a");
        var resolved = await (await adminA.PostAsync($"/audit/alerts/{id}/resolve", null)).BodyAsync();
        ((string)resolved["status"]!).Should().Be("Resolved");
        ((string)resolved["resolvedBy"]!).Should().Be("admin-a");
        (await adminA.PostAsync($"/audit/alerts/{id}/acknowledge", null)).StatusCode.Should().Be(HttpStatusCode.Conflict);

        var theirs = (await (await adminB.GetAsync("/audit/alerts")).BodyAsync()).Items();
        theirs.Should().ContainSingle();
        ((string)theirs[0]["tenantId"]!).Should().Be("B");
        ((string)theirs[0]["status"]!).Should().Be("Active");
    }

    private static Task<AuditWebHost> StartAsync() =>
        AuditWebHost.StartAsync(services: b => b.Services.AddAuditKit(a => a.AddAlerts(o => o.PollInterval = TimeSpan.FromMilliseconds(100))));
}
