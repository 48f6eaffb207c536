using System.Globalization;
using AuditKit.Browser.Tests.Support;
using AuditKit.TestSupport;

namespace AuditKit.Browser.Tests;

/// <summary>
/// The Reports screen and the server-side exports on a host with <c>audit.AddReports()</c> (its own host and seed, so
/// the shared host keeps the in-browser export fallback): a Data Change report as CSV and as PDF, and Export Results
/// of a filtered query, each downloaded by the browser and read back (CsvHelper, PdfPig) against the seeded events.
/// </summary>
public sealed class ReportsScreenTests
{
    private UiHost _host = null!;
    private SeededLog _seed = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _host = await UiHost.StartAsync(reports: true);
        _seed = await SeededLog.SeedAsync(_host);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    // The oracle: the seeded tenant A creates/updates/deletes, one row per field change (one row for an event without).
    private List<AuditEvent> ChangesOfA => _seed.OfA.Where(e => e.Category == AuditCategory.RecordChange && e.Action is "Create" or "Update" or "Delete").ToList();

    [Test]
    public async Task ReportsScreen_GeneratesADataChangeCsvAndPdf_WhoseRowsAreTheSeededChangesOfTheUsersTenant()
    {
        await using var screen = await ScreenPage.OpenAsync("a-auditor", "A", host: _host);
        await Assertions.Expect(screen.Page.Locator("#nav a[data-screen=reports]")).ToBeVisibleAsync();
        await screen.GoAsync("#/reports", "Audit Compliance Reports");
        await Assertions.Expect(screen.Page.Locator("#report-list li")).ToHaveCountAsync(6);
        await Assertions.Expect(screen.Page.Locator("#report-list")).ToContainTextAsync("Data Change Report — All modifications with before/after");

        await screen.Page.GetByLabel("Report Type").SelectOptionAsync("DataChange");
        await screen.Page.GetByLabel("From").FillAsync(DateTime.UtcNow.AddDays(-7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await screen.Page.GetByLabel("Format").SelectOptionAsync("csv");
        var csv = await DownloadAsync(screen, () => screen.Page.GetByRole(AriaRole.Button, new() { Name = "Generate Report" }).ClickAsync());
        await Assertions.Expect(screen.Page.Locator("#report-message")).ToContainTextAsync("Downloaded data-change-report-");
        csv.Name.Should().MatchRegex(@"^data-change-report-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$");

        var rows = ReportFiles.Csv(csv.Bytes);
        var expected = ChangesOfA;
        rows.Should().HaveCount(expected.Sum(e => Math.Max(1, e.Changes.Count)));
        rows.Select(r => r["Event ID"]).Distinct().Should().BeEquivalentTo(expected.Select(e => e.DisplayId));
        rows.Where(r => r["Event ID"] == _seed.CustomerUpdatedA.DisplayId).Select(r => (r["Field"], r["Previous Value"], r["New Value"]))
            .Should().Contain(("Payment Terms", "Net 30", "Net 45"));
        rows.Single(r => r["Event ID"] == _seed.FormulaCustomerA.DisplayId)["Record Name"].Should().Be("'" + SeededLog.FormulaName, "a formula is neutralised");
        rows.Should().Contain(r => r["Record Name"] == SeededLog.ScriptName, "hostile text is a value");
        rows.Should().NotContain(r => _seed.OfB.Any(b => b.DisplayId == r["Event ID"]));

        await screen.Page.GetByLabel("Format").SelectOptionAsync("pdf");
        var pdf = await DownloadAsync(screen, () => screen.Page.GetByRole(AriaRole.Button, new() { Name = "Generate Report" }).ClickAsync());
        pdf.Name.Should().EndWith(".pdf");
        var text = ReportFiles.PdfText(pdf.Bytes);
        text.Should().Contain("Data Change Report").And.Contain("CUST-A1").And.Contain("Net 45");
        foreach (var e in expected)
        {
            text.Should().Contain(e.DisplayId);
        }

        text.Should().NotContain("INV-B1").And.NotContain("Bravo");
        (await _host.Reader.QueryAsync(new AuditQuery { Actions = [AuditActions.ReportGenerated], ActorIds = ["a-auditor"] })).Events
            .Should().HaveCount(2).And.OnlyContain(e => e.TenantId == "A");

        await screen.ScreenshotAsync("reports");
        await screen.ShouldBeCleanAsync();
        await screen.ShouldHaveLabelledControlsAsync();
    }

    [Test]
    public async Task ExportResults_OfAFilteredQuery_IsWrittenOnTheServer_WithEveryMatchingEventOfTheTenant()
    {
        await using var screen = await ScreenPage.OpenAsync("a-exporter", "A", host: _host);
        await screen.GoAsync("#/logs?entity=Customer", "Audit Log Search");
        await screen.Page.GetByLabel("Export format").SelectOptionAsync("csv");

        var export = await DownloadAsync(screen, () => screen.Page.GetByRole(AriaRole.Button, new() { Name = "Export Results" }).ClickAsync());

        export.Name.Should().MatchRegex(@"^audit-log-export-\d{4}-\d{2}-\d{2}\.csv$");
        var rows = ReportFiles.Csv(export.Bytes);
        rows.Select(r => r["Event ID"]).Should().BeEquivalentTo(_seed.OfA.Where(e => e.Target?.EntityType == "Customer").Select(e => e.DisplayId));
        rows.Should().OnlyContain(r => r["Entity"] == "Customer");
        var recorded = await _host.Reader.QueryAsync(new AuditQuery { Actions = [AuditActions.Export], ActorIds = ["a-exporter"] });
        recorded.Events.Should().ContainSingle().Which.TenantId.Should().Be("A");

        // Export Entry from the detail screen, as a PDF.
        await screen.GoAsync($"#/events/{_seed.CustomerUpdatedA.Id}", "Audit Log Entry");
        await screen.Page.GetByLabel("Export format").SelectOptionAsync("pdf");
        var entry = await DownloadAsync(screen, () => screen.Page.GetByRole(AriaRole.Button, new() { Name = "Export Entry" }).ClickAsync());
        entry.Name.Should().Be($"audit-entry-{_seed.CustomerUpdatedA.DisplayId}.pdf");
        ReportFiles.PdfText(entry.Bytes).Should().Contain(_seed.CustomerUpdatedA.DisplayId).And.Contain("Net 45");
        await screen.ShouldBeCleanAsync();
    }

    [Test]
    public async Task WithoutReports_TheScreenSaysSo_AndItsNavigationEntryStaysHidden()
    {
        await using var screen = await ScreenPage.OpenAsync("a-auditor", "A");
        await Assertions.Expect(screen.Page.Locator("#nav a[data-screen=reports]")).ToBeHiddenAsync();

        await screen.GoAsync("#/reports", "Audit Compliance Reports");

        await Assertions.Expect(screen.Page.Locator("#reports-disabled")).ToContainTextAsync("Reports are not enabled on this server");
        await screen.ShouldBeCleanAsync();
    }

    private static async Task<(string Name, byte[] Bytes)> DownloadAsync(ScreenPage screen, Func<Task> click)
    {
        var download = await screen.Page.RunAndWaitForDownloadAsync(click);
        var file = Path.Combine(TestContext.CurrentContext.WorkDirectory, "report-" + Guid.NewGuid().ToString("N"));
        await download.SaveAsAsync(file);
        var bytes = await File.ReadAllBytesAsync(file);
        File.Delete(file);
        return (download.SuggestedFilename, bytes);
    }
}
