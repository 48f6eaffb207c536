using System.Globalization;
using AuditKit.Browser.Tests.Support;

namespace AuditKit.Browser.Tests;

/// <summary>The log viewer: filters, free text, detail with before/after, record history, export and live mode.</summary>
public sealed class LogViewerTests
{
    [Test]
    public async Task FilterByUserActionAndEntity_FindsTheSeededUpdate_AndItsDetailShowsBeforeAndAfter()
    {
        var seed = BrowserSession.Seed;
        await using var screen = await ScreenPage.OpenAsync("a-auditor", "A");
        await screen.GoAsync("#/logs", "Audit Log Search");
        var page = screen.Page;
        await page.GetByLabel("User").SelectOptionAsync("a-alice");
        await page.GetByLabel("Action Type").SelectOptionAsync(new SelectOptionValue { Label = "Update" });
        await page.GetByLabel("Entity").SelectOptionAsync("Customer");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#results-count")).ToHaveTextAsync("Results: 1 events (1 shown)");
        var row = page.Locator("table.log tbody tr");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("Acme Corporation");
        await Assertions.Expect(row).ToContainTextAsync("Alice Able");

        await row.GetByRole(AriaRole.Link, new() { Name = "View" }).ClickAsync();
        await screen.WaitForScreenAsync("Audit Log Entry");
        (await screen.TextAsync()).Should().Contain(seed.CustomerUpdatedA.DisplayId);
        var changes = page.Locator("table", new() { Has = page.Locator("caption", new() { HasText = "Changes made" }) }).Locator("tbody tr");
        await Assertions.Expect(changes).ToHaveCountAsync(3);
        (await RowTextAsync(changes.Nth(0))).Should().Equal("Credit Limit", "$10,000.00", "$15,000.00");
        (await RowTextAsync(changes.Nth(1))).Should().Equal("Payment Terms", "Net 30", "Net 45");
        (await RowTextAsync(changes.Nth(2))).Should().Equal("Status", "Active", "Active (no change)");
        var text = await screen.TextAsync();
        text.Should().Contain("Previous change to this record").And.Contain("Approval request created").And.Contain("Chrome on Windows").And.Contain("Sales Manager");

        await page.GetByRole(AriaRole.Link, new() { Name = "View Full History" }).ClickAsync();
        await screen.WaitForScreenAsync("History of Customer CUST-A1");
        await Assertions.Expect(page.Locator("ol.timeline > li")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#record-state")).ToContainTextAsync("15000");

        // The state after the first change: the credit limit as created.
        await page.Locator("ol.timeline > li").Nth(1).GetByRole(AriaRole.Button, new() { Name = "State after this change" }).ClickAsync();
        await Assertions.Expect(page.Locator("#record-state")).ToContainTextAsync("10000");
        await Assertions.Expect(page.Locator("#record-state")).Not.ToContainTextAsync("15000");
        await screen.ShouldBeCleanAsync();
    }

    [Test]
    public async Task EntryDetail_ExportEntry_DownloadsTheEventAsJson()
    {
        var e = BrowserSession.Seed.CustomerUpdatedA;
        await using var screen = await ScreenPage.OpenAsync("a-auditor", "A");
        await screen.GoAsync($"#/events/{e.Id}", "Audit Log Entry");
        var download = await screen.Page.RunAndWaitForDownloadAsync(() => screen.Page.GetByRole(AriaRole.Button, new() { Name = "Export Entry" }).ClickAsync());
        download.SuggestedFilename.Should().Be(e.DisplayId + ".json");
        var file = Path.Combine(TestContext.CurrentContext.WorkDirectory, "entry-" + Guid.NewGuid().ToString("N") + ".json");
        await download.SaveAsAsync(file);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file));
        File.Delete(file);
        json.RootElement.GetProperty("id").GetGuid().Should().Be(e.Id);
        json.RootElement.GetProperty("hash").GetString().Should().Be(e.Hash);
        json.RootElement.GetProperty("changes").GetArrayLength().Should().Be(3);
    }

    [Test]
    public async Task FreeTextSearch_FindsTheEventByItsRecordName()
    {
        await using var screen = await ScreenPage.OpenAsync("a-auditor", "A");
        await screen.GoAsync("#/logs", "Audit Log Search");
        await screen.Page.GetByLabel("Search").FillAsync("acme");
        await screen.Page.GetByLabel("Search").PressAsync("Enter");
        var rows = screen.Page.Locator("table.log tbody tr");
        await Assertions.Expect(screen.Page.Locator("#results-count")).ToHaveTextAsync("Results: 2 events (2 shown)");
        (await rows.AllInnerTextsAsync()).Should().OnlyContain(r => r.Contains("Acme Corporation"));
        await screen.ShouldBeCleanAsync();
    }

    [Test]
    public async Task ExportResults_DownloadsTheLoadedRowsAsCsv_WithFormulasDefused()
    {
        var seed = BrowserSession.Seed;
        await using var screen = await ScreenPage.OpenAsync("a-auditor", "A");
        await screen.GoAsync("#/logs?entity=Customer", "Audit Log Search");
        var customers = seed.OfA.Count(e => e.Target?.EntityType == "Customer");
        await Assertions.Expect(screen.Page.Locator("table.log tbody tr")).ToHaveCountAsync(customers);
        var download = await screen.Page.RunAndWaitForDownloadAsync(() => screen.Page.GetByRole(AriaRole.Button, new() { Name = "Export Results" }).ClickAsync());
        var file = Path.Combine(TestContext.CurrentContext.WorkDirectory, "export-" + Guid.NewGuid().ToString("N") + ".csv");
        await download.SaveAsAsync(file);
        var lines = File.ReadAllLines(file);
        File.Delete(file);

        lines[0].Should().StartWith("Event ID,Timestamp (UTC),User ID");
        lines.Should().HaveCount(customers + 1);
        lines.Should().Contain(l => l.StartsWith(seed.CustomerUpdatedA.DisplayId + ",", StringComparison.Ordinal) && l.Contains(",Acme Corporation,", StringComparison.Ordinal));
        lines.Should().Contain(l => l.Contains(",\"'=SUM(1+1)\",", StringComparison.Ordinal) || l.Contains(",'=SUM(1+1),", StringComparison.Ordinal), "a cell starting with = is prefixed so spreadsheets do not run it");
        lines.Should().Contain(l => l.Contains(SeededLog.ScriptName, StringComparison.Ordinal));
    }

    [Test]
    public async Task LiveMode_ShowsANewEventAsItCommits()
    {
        await using var screen = await ScreenPage.OpenAsync("a-auditor", "A");
        await screen.GoAsync("#/logs?entity=Product", "Audit Log Search");
        await screen.Page.GetByLabel("Live").CheckAsync();
        await Assertions.Expect(screen.Page.Locator("#live-state")).ToContainTextAsync("Live");
        var name = "Live Widget " + Guid.NewGuid().ToString("N")[..8];
        await BrowserSession.Host.Log.RecordAsync(AuditEvents.Created("Product", "P-LIVE", name) with { TenantId = "A", Actor = SeededLog.Alice });
        await BrowserSession.Host.Log.RecordAsync(AuditEvents.Created("Product", "P-LIVE-B", "Tenant B product") with { TenantId = "B", Actor = SeededLog.Bravo });
        var fresh = screen.Page.Locator("table.log tbody tr.fresh");
        await Assertions.Expect(fresh).ToContainTextAsync(name, new() { Timeout = 15_000 });
        await Assertions.Expect(screen.Page.Locator("#results-count")).ToContainTextAsync("Results: 1 events");
        (await screen.TextAsync()).Should().NotContain("Tenant B product");
        await screen.ShouldBeCleanAsync();
    }

    private static async Task<string[]> RowTextAsync(ILocator row) =>
        (await row.Locator("td").AllInnerTextsAsync()).Select(t => ScreenPage.Normalize(t).Trim()).ToArray();
}
