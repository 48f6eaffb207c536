using System.Net;
using System.Net.Http.Json;
using AuditKit.AspNetCore.Tests.Support;
using Microsoft.AspNetCore.Authorization;

namespace AuditKit.AspNetCore.Tests;

/// <summary>
/// <c>o.Api.StoreWideAdminPolicy</c> in a multi-tenant host: retention policies are global to the store, so a tenant's
/// administrator cannot save them (403, the store unchanged) unless he also holds the store-wide policy; then his save is
/// stored, while his reads (holds, storage, the log) stay scoped to his tenant.
/// </summary>
public sealed class StoreWideAdminTests
{
    private static readonly object SystemAt60Days = new { autoDeleteAfterArchive = false, policies = new[] { new { category = "System", activeDays = 60, archiveDays = 365 } } };

    [Test]
    public async Task TenantAdmin_WithoutTheStoreWidePolicy_Is403_WithIt_SavesThePolicies_AndHisReadsStayInHisTenant()
    {
        await using var host = await StartAsync(storeWidePolicy: "StoreAdministrators");
        using var tenantAdmin = await host.SignInAsync("admin-a", "A", "Admin");
        using var storeAdmin = await host.SignInAsync("owner-a", "A", "Admin", "StoreAdmin");
        using var storeReader = await host.SignInAsync("reader-a", "A", "Auditor", "StoreAdmin");
        var retention = host.Services.GetRequiredService<IAuditRetention>();

        var refused = await tenantAdmin.PutAsJsonAsync("/audit/retention/policies", new { version = 0, policies = SystemAt60Days });
        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        ((string)(await refused.BodyAsync())["detail"]!).Should().Contain("global to the store");
        (await storeReader.PutAsJsonAsync("/audit/retention/policies", new { version = 0, policies = SystemAt60Days })).StatusCode
            .Should().Be(HttpStatusCode.Forbidden, "the store-wide policy comes in addition to the admin policy");
        (await retention.GetPoliciesAsync()).Version.Should().Be(0, "nothing was saved");

        var saved = await storeAdmin.PutAsJsonAsync("/audit/retention/policies", new { version = 0, policies = SystemAt60Days });
        saved.StatusCode.Should().Be(HttpStatusCode.OK);
        ((long)(await saved.BodyAsync())["version"]!).Should().Be(1);
        var stored = await retention.GetPoliciesAsync();
        stored.Version.Should().Be(1);
        stored.UpdatedBy.Should().Be("owner-a");
        stored.Value.AutoDeleteAfterArchive.Should().BeFalse();
        stored.Value.Policies.Should().ContainSingle().Which.ActiveDays.Should().Be(60);

        // His reads stay tenant-scoped: B's hold and B's events are not his; storage is the tenant's figures.
        using var adminB = await host.SignInAsync("admin-b", "B", "Admin");

        // The policies are global, but who saved them is tenant A's user: tenant B reads them without the name.
        var seenByB = await (await adminB.GetAsync("/audit/retention/policies")).BodyAsync();
        ((long)seenByB["version"]!).Should().Be(1);
        seenByB["updatedBy"].Should().BeNull("the saver is another tenant's user");
        (await adminB.GetStringAsync("/audit/retention/policies")).Should().NotContain("owner-a");
        (await adminB.PostAsJsonAsync("/audit/retention/holds", new { hold = new { actorId = "u-b" }, reason = "Matter B" })).StatusCode.Should().Be(HttpStatusCode.Created);
        await host.RecordAsync(AuditEvents.Login(new AuditActor("u-b", "Bea")) with { TenantId = "B" });
        (await (await storeAdmin.GetAsync("/audit/retention/holds")).BodyAsync()).AsArray().Should().BeEmpty();
        (await (await storeAdmin.GetAsync("/audit/events?user=u-b")).BodyAsync()).Items().Should().BeEmpty();
        var storage = await (await storeAdmin.GetAsync("/audit/retention/storage")).BodyAsync();
        storage["activeBytes"].Should().BeNull("inside a tenant's scope the store's size is not measured");
        await host.FlushAsync();
        var change = (await host.StoredAsync(new AuditQuery { Actions = [AuditActions.SettingsChanged] }))
            .Where(e => e.Target?.RecordId == AuditRetentionPolicies.DocumentName).Should().ContainSingle().Subject;
        change.Actor!.Id.Should().Be("owner-a");
        change.TenantId.Should().BeNull("the change is to the store's own settings");
    }

    [Test]
    public async Task WithoutTheOption_EveryTenantsAdministrator_Is403()
    {
        await using var host = await StartAsync(storeWidePolicy: null);
        using var owner = await host.SignInAsync("owner-a", "A", "Admin", "StoreAdmin");
        (await owner.PutAsJsonAsync("/audit/retention/policies", new { version = 0, policies = SystemAt60Days })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await host.Services.GetRequiredService<IAuditRetention>().GetPoliciesAsync()).Version.Should().Be(0);
    }

    private static Task<AuditWebHost> StartAsync(string? storeWidePolicy) =>
        AuditWebHost.StartAsync(
            configure: o => o.Api.StoreWideAdminPolicy = storeWidePolicy,
            services: b =>
            {
                b.Services.AddAuditKit(a => a.AddRetention(r =>
                {
                    r.ArchiveFolder = Path.Combine(Path.GetTempPath(), "auditkit-tests", Guid.NewGuid().ToString("N"));
                    r.KeyProvider = new StaticArchiveKeyProvider("k", new byte[32]);
                    r.RunOnSchedule = false;
                    r.CapacityBytes = 1L << 30;
                }));
                b.Services.Configure<AuthorizationOptions>(o => o.AddPolicy("StoreAdministrators", p => p.RequireRole("StoreAdmin")));
            });
}
