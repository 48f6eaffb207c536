using System.Text.RegularExpressions;
using AuditKit.Reports.Tests.Support;
using AuditKit.TestSupport;

namespace AuditKit.Reports.Tests;

/// <summary>
/// What keeps a large report fast and bounded: pages read past the cursor (ties in time across page boundaries lose and
/// repeat nothing), and the PDF's row limit (rows past it counted, summarised and covered by the evidence, with a notice).
/// </summary>
public sealed partial class ReportScaleTests
{
    [Test]
    public async Task GenerateAsync_EventsSharingATimeAcrossPageBoundaries_EveryRowOnceInOrder()
    {
        // 2,600 events in groups of 7 sharing one microsecond: page boundaries (every 1,000 events) fall inside groups,
        // so the next page's upper time bound must keep the rest of the cursor's group.
        const int events = 2_600;
        using var folder = new TempFolder();
        using var host = await ReportHost.StartAsync(folder.File("audit.db"));
        var t = new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < events; i++)
        {
            host.Log().Record(AuditEvents.Updated("Customer", $"CUST-{i}", $"Customer {i}", [new FieldChange("CreditLimit", $"{i}.00", $"{i + 1}.00")]) with
            { Timestamp = t.AddSeconds(i / 7), Actor = SeedLog.John });
        }

        await host.Log().FlushAsync();
        var request = new AuditReportRequest { Kind = AuditReportKind.DataChange, From = SeedLog.From, To = SeedLog.To };

        var (result, csv) = await host.GenerateAsync(request, AuditReportFormat.Csv);

        // The reader's order: newest time first, then the higher stream position (recorded later) first.
        var ids = ReportFiles.Csv(csv).Select(r => r["Record ID"]).ToList();
        ids.Should().HaveCount(events).And.OnlyHaveUniqueItems();
        ids.Should().Equal(Enumerable.Range(0, events).Reverse().Select(i => $"CUST-{i}"));
        result.Rows.Should().Be(events);
        result.Evidence.Streams.Single().Events.Should().Be(events);
        result.Evidence.Streams.Single().Intact.Should().BeTrue();
        await host.StopAsync();
    }

    [Test]
    public async Task GenerateAsync_PdfPastMaxPdfRows_DrawsTheFirstRowsSaysHowManyAreLeftOutAndSummarisesAll()
    {
        const int events = 60;
        const int limit = 25;
        using var folder = new TempFolder();
        using var host = await ReportHost.StartAsync(folder.File("audit.db"), reports: o => o.MaxPdfRows = limit);
        var t = new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < events; i++)
        {
            host.Log().Record(AuditEvents.Updated("Customer", $"CUST-{i}", $"Customer {i}", [new FieldChange("CreditLimit", $"{i}.00", $"{i + 1}.00")]) with
            { Timestamp = t.AddMinutes(i), Actor = SeedLog.John });
        }

        await host.Log().FlushAsync();
        var request = new AuditReportRequest { Kind = AuditReportKind.DataChange, From = SeedLog.From, To = SeedLog.To };

        var (result, pdf) = await host.GenerateAsync(request, AuditReportFormat.Pdf);

        var pages = Outputs.PdfPages(pdf);
        var text = string.Join("\n", pages);
        var shown = RecordId().Matches(text).Select(m => m.Value).ToList();
        shown.Should().Equal(Enumerable.Range(events - limit, limit).Reverse().Select(i => $"CUST-{i}"), "the newest rows up to the limit, in the report's order");
        Regex.Replace(text, @"\s+", " ").Should().Contain(
            $"This PDF lists the first {limit} of {events} rows; {events - limit} more are not shown (ReportOptions.MaxPdfRows). The summary and the evidence cover every row. Generate the report as CSV or JSON Lines for all of them.");
        text.Should().Contain($"Rows: {events}").And.Contain($"Records updated: {events}");
        result.Rows.Should().Be(events);

        // The evidence ties every row, drawn or not, to the log: the range runs from the oldest event (not drawn) to the newest.
        var stream = result.Evidence.Streams.Single();
        stream.Events.Should().Be(events);
        pages[^1].Should().Contain(stream.LastHash);
        Regex.Replace(text, @"\s+", "").Should().Contain(stream.FirstHash, "the evidence names the range's first event, which the table left out");
        for (var i = 0; i < pages.Count; i++)
        {
            pages[i].Should().Contain($"Page {i + 1} of {pages.Count}");
        }

        var (_, csv) = await host.GenerateAsync(request, AuditReportFormat.Csv);
        ReportFiles.Csv(csv).Should().HaveCount(events, "the limit is the PDF's alone");
        await host.StopAsync();
    }

    [GeneratedRegex(@"CUST-\d+")]
    private static partial Regex RecordId();
}
