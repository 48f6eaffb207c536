using System.Net;
using System.Net.Http.Json;
using AuditKit.AspNetCore.Tests.Support;

namespace AuditKit.AspNetCore.Tests;

/// <summary>The retention screen's endpoints: policies (admin saves), holds (admin places and lifts, tenant-scoped), storage and archives.</summary>
public sealed class RetentionEndpointTests
{
    [Test]
    public async Task RetentionPolicies_ReadByAReaderSavedByAnAdminAndBadInputNamed()
    {
        await using var host = await StartAsync(singleTenant: true);
        using var auditor = await host.SignInAsync("auditor-a", null, "Auditor");
        using var admin = await host.SignInAsync("admin-a", null, "Admin");

        var read = await (await auditor.GetAsync("/audit/retention/policies")).BodyAsync();
        ((long)read["version"]!).Should().Be(0);
        var security = read["policies"]!["policies"]!.AsArray().Single(p => (string)p!["category"]! == "Security")!;
        ((int)security["activeDays"]!).Should().Be(730);
        ((int)security["archiveDays"]!).Should().Be(2555);

        (await auditor.PutAsJsonAsync("/audit/retention/policies", new { version = 0, policies = new { policies = Array.Empty<object>() } })).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var saved = await admin.PutAsJsonAsync("/audit/retention/policies", new { version = 0, policies = new { autoDeleteAfterArchive = false, policies = new[] { new { category = "System", activeDays = 60, archiveDays = 365 } } } });
        saved.StatusCode.Should().Be(HttpStatusCode.OK);
        ((long)(await saved.BodyAsync())["version"]!).Should().Be(1);
        var stored = await host.Services.GetRequiredService<IAuditRetention>().GetPoliciesAsync();
        stored.Value.AutoDeleteAfterArchive.Should().BeFalse();
        stored.Value.Policies.Should().ContainSingle().Which.ActiveDays.Should().Be(60);

        var bad = await admin.PutAsJsonAsync("/audit/retention/policies", new { version = 1, policies = new { policies = new[] { new { category = "System", activeDays = 60, archiveDays = 10 } } } });
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        ((string)(await bad.BodyAsync())["errors"]!["policies"]![0]!).Should().Contain("Policies[0].ArchiveDays");
        (await admin.PutAsJsonAsync("/audit/retention/policies", new { version = 0, policies = new { policies = Array.Empty<object>() } })).StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Test]
    public async Task LegalHold_ChunkedBodyPastTheLimit_IsRefusedWhileReading_AndNothingIsPlaced()
    {
        await using var host = await StartAsync();
        using var admin = await host.SignInAsync("admin-a", "A", "Admin");

        // No Content-Length (chunked): the limit must hold while the body is read, not only from the header.
        var huge = "{\"hold\":{\"actorId\":\"u1\"},\"reason\":\"" + new string('x', (1 << 20) + 10) + "\"}";
        using var content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(huge)));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/audit/retention/holds") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await admin.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        ((string)(await response.BodyAsync())["errors"]!["body"]![0]!).Should().Contain("larger than 1,048,576 bytes");
        (await host.Services.GetRequiredService<IAuditRetention>().GetHoldsAsync()).Should().BeEmpty();
    }

    [Test]
    public async Task LegalHolds_PlacedAndLiftedByAnAdmin_AreAuditedAndScopedToTheAdminsTenant()
    {
        await using var host = await StartAsync();
        using var adminA = await host.SignInAsync("admin-a", "A", "Admin");
        using var auditorA = await host.SignInAsync("auditor-a", "A", "Auditor");
        using var adminB = await host.SignInAsync("admin-b", "B", "Admin");

        (await auditorA.PostAsJsonAsync("/audit/retention/holds", new { hold = new { actorId = "u1" }, reason = "case" })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await adminA.PostAsJsonAsync("/audit/retention/holds", new { hold = new { recordId = "7" }, reason = "case" })).StatusCode.Should().Be(HttpStatusCode.BadRequest, "a record id needs its entity type");
        var placed = await adminA.PostAsJsonAsync("/audit/retention/holds", new { hold = new { actorId = "u1" }, reason = "Matter 17" });
        placed.StatusCode.Should().Be(HttpStatusCode.Created);
        var hold = await placed.BodyAsync();
        ((string)hold["hold"]!["tenantId"]!).Should().Be("A", "a hold placed in a tenant's scope covers that tenant");

        (await (await auditorA.GetAsync("/audit/retention/holds")).BodyAsync()).AsArray().Should().ContainSingle();
        (await (await adminB.GetAsync("/audit/retention/holds")).BodyAsync()).AsArray().Should().BeEmpty();
        (await adminB.DeleteAsync($"/audit/retention/holds/{(string)hold["id"]!}")).StatusCode.Should().Be(HttpStatusCode.NotFound, "another tenant's hold");
        (await adminA.DeleteAsync($"/audit/retention/holds/{(string)hold["id"]!}")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var changes = await host.StoredAsync(new AuditQuery { Actions = [AuditActions.SettingsChanged] });
        changes.Should().HaveCount(2).And.OnlyContain(e => e.Target!.RecordId == AuditLegalHolds.DocumentName && e.Actor!.Id == "admin-a");
    }

    [Test]
    public async Task Storage_GivesTheFiguresAndArchivesTheList()
    {
        await using var host = await StartAsync(singleTenant: true);
        using var admin = await host.SignInAsync("admin-a", null, "Admin");

        var storage = await (await admin.GetAsync("/audit/retention/storage")).BodyAsync();
        ((long)storage["capacityBytes"]!).Should().Be(1L << 30);
        ((long)storage["archivedBytes"]!).Should().Be(0);
        ((long)storage["activeBytes"]!).Should().BePositive();
        (await (await admin.GetAsync("/audit/retention/archives")).BodyAsync()).AsArray().Should().BeEmpty();
    }

    // Single-tenant: no tenant claim, so the callers act store-wide (policies are global; in a tenant's scope saving them is 403).
    private static Task<AuditWebHost> StartAsync(bool singleTenant = false) =>
        AuditWebHost.StartAsync(configure: o => o.TenantClaimType = singleTenant ? null : o.TenantClaimType, services: b => b.Services.AddAuditKit(a => a.AddRetention(r =>
        {
            r.ArchiveFolder = Path.Combine(Path.GetTempPath(), "auditkit-tests", Guid.NewGuid().ToString("N"));
            r.KeyProvider = new StaticArchiveKeyProvider("k", new byte[32]);
            r.RunOnSchedule = false;
            r.CapacityBytes = 1L << 30;
        })));
}
