using AuditKit.Browser.Tests.Support;

namespace AuditKit.Browser.Tests;

/// <summary>The event configuration screen saves through the settings endpoint (administrators only).</summary>
public sealed class SettingsScreenTests
{
    [Test]
    public async Task Reader_CannotSave_AdministratorSaves_AndTheStoreHoldsTheChange()
    {
        var settings = BrowserSession.Host.Services.GetRequiredService<IAuditSettings>();
        var before = await settings.GetAsync<AuditEventPolicy>(AuditEventPolicy.DocumentName);

        await using (var reader = await ScreenPage.OpenAsync("a-reader", "A", "Auditor"))
        {
            await reader.GoAsync("#/settings", "Audit Event Configuration");
            await reader.Page.GetByLabel("Import").UncheckAsync();
            await reader.Page.GetByRole(AriaRole.Button, new() { Name = "Save Event Configuration" }).ClickAsync();
            await Assertions.Expect(reader.Page.Locator("#settings-message")).ToContainTextAsync("needs the administrator policy");
        }

        (await settings.GetAsync<AuditEventPolicy>(AuditEventPolicy.DocumentName)).Version.Should().Be(before.Version, "the reader's save was refused");

        await using var admin = await ScreenPage.OpenAsync("a-admin", "A", "Admin");
        await admin.GoAsync("#/settings", "Audit Event Configuration");
        await admin.Page.GetByLabel("Import").UncheckAsync();
        await admin.Page.GetByLabel("Entity", new() { Exact = true }).FillAsync("Invoice");
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Add entity" }).ClickAsync();
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Save Event Configuration" }).ClickAsync();
        await Assertions.Expect(admin.Page.Locator("#settings-message")).ToHaveTextAsync($"Saved (version {before.Version + 1}).");

        var saved = await settings.GetAsync<AuditEventPolicy>(AuditEventPolicy.DocumentName);
        saved.Value.Import.Should().BeFalse();
        saved.Value.Export.Should().BeTrue();
        saved.Value.ViewLogging.Should().ContainKey("Invoice").WhoseValue.Should().BeTrue();

        // Reloaded, the screen shows what is stored.
        await admin.GoAsync("#/settings", "Audit Event Configuration");
        (await admin.Page.GetByLabel("Import").IsCheckedAsync()).Should().BeFalse();
        await Assertions.Expect(admin.Page.Locator("tr[data-entity='Invoice']")).ToHaveCountAsync(1);
        await admin.ShouldBeCleanAsync();

        await settings.SaveAsync(AuditEventPolicy.DocumentName, before.Value, saved.Version);
    }
}
