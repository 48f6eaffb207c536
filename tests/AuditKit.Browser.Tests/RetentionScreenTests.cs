using AuditKit.Browser.Tests.Support;

namespace AuditKit.Browser.Tests;

/// <summary>
/// The retention screen: storage figures, the policies, legal holds and archives. Administrators place and lift holds,
/// readers are told why they cannot save; a hold's reason is text. Runs in tenant C so the seeded tenants' screens are
/// untouched (the host is multi-tenant: policies are global, so a tenant's administrator is told they cannot be saved
/// inside a tenant's scope, and the store keeps them unchanged; a second, single-tenant host tests a store-wide
/// administrator's save over the version read and the 409 of a stale one).
/// </summary>
public sealed class RetentionScreenTests
{
    private const string Tenant = "C";

    [Test]
    public async Task RetentionScreen_ShowsStorageAndPolicies_AdminPlacesAHoldWithAHostileReasonAsText_AndLiftsIt()
    {
        var retention = BrowserSession.Host.Services.GetRequiredService<IAuditRetention>();
        var reason = "Matter <script>alert(1)</script> " + Guid.NewGuid().ToString("N")[..6];

        await using var admin = await ScreenPage.OpenAsync("c-admin", Tenant, "Admin");
        await Assertions.Expect(admin.Page.Locator("#nav a[data-screen=retention]")).ToBeVisibleAsync();
        await admin.GoAsync("#/retention", "Audit Log Retention");
        await Assertions.Expect(admin.Page.Locator("#retention-storage")).ToContainTextAsync("50.0 GB");
        await Assertions.Expect(admin.Page.Locator("#retention-storage")).ToContainTextAsync("Not measured per tenant");
        await Assertions.Expect(admin.Page.Locator("#retention-policies tr[data-category=Security] th")).ToHaveTextAsync("Security Events");
        (await admin.Page.GetByLabel("Security Events active retention (days)").InputValueAsync()).Should().Be("730", "the page's default");
        (await admin.Page.GetByLabel("Security Events archive retention (days, empty: none)").InputValueAsync()).Should().Be("2555");
        (await admin.Page.GetByLabel("View/Read Actions archive retention (days, empty: none)").InputValueAsync()).Should().BeEmpty("no archive period");

        await admin.Page.GetByLabel("Entity type").FillAsync("Invoice");
        await admin.Page.GetByLabel("Record id").FillAsync("INV-17");
        await admin.Page.GetByLabel("Reason").FillAsync(reason);
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Place Legal Hold" }).ClickAsync();
        var row = admin.Page.Locator("#retention-holds tbody tr", new() { HasText = reason });
        await Assertions.Expect(row.Locator(".hold-reason")).ToHaveTextAsync(reason);
        await Assertions.Expect(row.Locator(".hold-scope")).ToHaveTextAsync("tenant C, Invoice INV-17");
        (await admin.Page.Locator("main script").CountAsync()).Should().Be(0);

        var held = (await retention.GetHoldsAsync()).Single(h => h.Reason == reason);
        held.Hold.Should().Be(new AuditLegalHold { TenantId = Tenant, EntityType = "Invoice", RecordId = "INV-17" });
        held.PlacedBy.Should().Be("c-admin");

        // Reloaded, the list shows what is stored.
        await admin.Page.ReloadAsync();
        await admin.WaitForScreenAsync("Audit Log Retention");
        await Assertions.Expect(admin.Page.Locator("#retention-message")).ToBeEmptyAsync();
        await Assertions.Expect(row.Locator(".hold-reason")).ToHaveTextAsync(reason);
        await admin.ScreenshotAsync("retention");
        await admin.ShouldBeCleanAsync();
        await admin.ShouldHaveLabelledControlsAsync();

        await row.GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(admin.Page.Locator("#retention-message")).ToContainTextAsync("Lifted the hold");
        await Assertions.Expect(row).ToHaveCountAsync(0);
        (await retention.GetHoldsAsync()).Should().NotContain(h => h.Reason == reason);
        await admin.ShouldBeCleanAsync();
    }

    [Test]
    public async Task Reader_IsToldWhyHeCannotSave_AndATenantsAdministratorThatPoliciesAreGlobal_TheStoreKeepsThem()
    {
        var retention = BrowserSession.Host.Services.GetRequiredService<IAuditRetention>();
        var before = await retention.GetPoliciesAsync();

        await using (var reader = await ScreenPage.OpenAsync("c-reader", Tenant, "Auditor"))
        {
            await reader.GoAsync("#/retention", "Audit Log Retention");
            await reader.Page.GetByLabel("Security Events active retention (days)").FillAsync("400");
            await reader.Page.GetByRole(AriaRole.Button, new() { Name = "Save Retention Policies" }).ClickAsync();
            await Assertions.Expect(reader.Page.Locator("#retention-message")).ToContainTextAsync("needs the administrator policy");
            await reader.Page.GetByLabel("Reason").FillAsync("reader hold");
            await reader.Page.GetByRole(AriaRole.Button, new() { Name = "Place Legal Hold" }).ClickAsync();
            await Assertions.Expect(reader.Page.Locator("#retention-message")).ToContainTextAsync("needs the administrator policy");
            (await reader.CspViolationsAsync()).Should().BeEmpty();
        }

        await using (var admin = await ScreenPage.OpenAsync("c-admin", Tenant, "Admin"))
        {
            await admin.GoAsync("#/retention", "Audit Log Retention");
            await admin.Page.GetByLabel("Security Events active retention (days)").FillAsync("400");
            await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Save Retention Policies" }).ClickAsync();
            await Assertions.Expect(admin.Page.Locator("#retention-message")).ToContainTextAsync("global to the store");
        }

        var after = await retention.GetPoliciesAsync();
        after.Version.Should().Be(before.Version, "neither save was stored");
        after.Value.Policies.Single(p => p.Category == AuditCategory.Security).ActiveDays.Should().Be(730);
        (await retention.GetHoldsAsync()).Should().NotContain(h => h.Reason == "reader hold");
    }

    [Test]
    public async Task StoreWideAdmin_ChangesOnePolicy_TheStoreHoldsIt_AndAStaleSaveIsToldToReload()
    {
        await using var host = await UiHost.StartAsync(singleTenant: true);
        var retention = host.Services.GetRequiredService<IAuditRetention>();
        await using var admin = await ScreenPage.OpenAsync("admin", null, "Admin", host);
        await admin.GoAsync("#/retention", "Audit Log Retention");
        await Assertions.Expect(admin.Page.Locator("#retention-usage")).ToHaveCountAsync(1);
        await admin.Page.GetByLabel("System Events active retention (days)").FillAsync("120");
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Save Retention Policies" }).ClickAsync();
        await Assertions.Expect(admin.Page.Locator("#retention-message")).ToHaveTextAsync("Saved the retention policies (version 1).");

        var stored = await retention.GetPoliciesAsync();
        stored.Version.Should().Be(1);
        stored.Value.Policies.Single(p => p.Category == AuditCategory.System).ActiveDays.Should().Be(120);
        stored.Value.Policies.Single(p => p.Category == AuditCategory.Security).ActiveDays.Should().Be(730, "only the changed row changed");

        // Somebody else saves meanwhile: this page's version is stale.
        var other = stored.Value;
        other.AutoDeleteAfterArchive = false;
        await retention.SavePoliciesAsync(other, 1);
        await admin.Page.GetByLabel("System Events active retention (days)").FillAsync("150");
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Save Retention Policies" }).ClickAsync();
        await Assertions.Expect(admin.Page.Locator("#retention-message")).ToContainTextAsync("reload the page");
        (await retention.GetPoliciesAsync()).Value.Policies.Single(p => p.Category == AuditCategory.System).ActiveDays.Should().Be(120);
        (await admin.CspViolationsAsync()).Should().BeEmpty();
        admin.PageErrors.Should().BeEmpty();
    }
}
