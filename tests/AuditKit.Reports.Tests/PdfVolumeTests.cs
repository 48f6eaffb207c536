using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using AuditKit.Reports.Tests.Support;
using Microsoft.Extensions.Hosting;

namespace AuditKit.Reports.Tests;

/// <summary>
/// A PDF report with more rows than <see cref="ReportOptions.MaxPdfRows"/> is a ZIP of self-contained PDF volumes
/// holding every row; each volume is read back with PdfPig and compared with the events the test recorded.
/// </summary>
public sealed partial class PdfVolumeTests
{
    private const int Limit = 25;
    private static readonly DateTimeOffset T = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    private TempFolder _folder = null!;
    private IHost _host = null!;
    private List<AuditEvent> _written = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _folder = new TempFolder();
        _host = await ReportHost.StartAsync(_folder.File("audit.db"), reports: o => o.MaxPdfRows = Limit);
        _written = [];

        // 60 updates a minute apart; every third changes two fields, so there are 80 rows (one per changed field).
        for (var i = 0; i < 60; i++)
        {
            List<FieldChange> changes = [new("CreditLimit", $"{i}.00", $"{i + 1}.00", DisplayName: "Credit Limit")];
            if (i % 3 == 0)
            {
                changes.Add(new FieldChange("PaymentTerms", $"Net {i}", $"Net {i + 30}", DisplayName: "Payment Terms"));
            }

            _written.Add(await _host.Log().RecordAsync(AuditEvents.Updated("Customer", $"CUST-{i}", $"Customer {i}", changes) with
            { Timestamp = T.AddMinutes(i), Actor = SeedLog.John }));
        }
    }

    [OneTimeTearDown]
    public async Task TearDown()
    {
        await _host.StopAsync();
        _host.Dispose();
        _folder.Dispose();
    }

    // The oracle: one row per changed field, newest event first, fields in recorded order.
    private List<(AuditEvent Event, FieldChange Change)> ExpectedRows(int events) =>
        _written.Take(events).OrderByDescending(e => e.Timestamp).SelectMany(e => e.Changes.Select(c => (e, c))).ToList();

    [Test]
    public async Task GenerateAsync_PdfPastMaxPdfRows_ZipOfVolumesHoldsEveryRowWithItsOwnRangeAndTheEvidenceLast()
    {
        var request = new AuditReportRequest { Kind = AuditReportKind.DataChange, From = SeedLog.From, To = SeedLog.To };
        var expected = ExpectedRows(60);
        expected.Should().HaveCount(80);

        var (result, bytes) = await _host.GenerateAsync(request, AuditReportFormat.Pdf);

        result.Rows.Should().Be(80);
        result.Events.Should().Be(60);
        result.Volumes.Should().Be(4, "80 rows at most 25 per volume");
        Encoding.ASCII.GetString(bytes, 0, 2).Should().Be("PK", "several volumes are delivered as one ZIP archive");
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        zip.Entries.Select(e => e.FullName).Should().Equal(Enumerable.Range(1, 4).Select(k => $"data-change-report-volume-{k:D2}-of-04.pdf"));

        var rows = new List<Match>();
        for (var k = 1; k <= 4; k++)
        {
            var pdf = Read(zip.Entries[k - 1]);
            Encoding.ASCII.GetString(pdf, 0, 5).Should().Be("%PDF-");
            Outputs.PdfTitle(pdf).Should().Be("Data Change Report");
            var pages = Outputs.PdfPages(pdf);
            var text = string.Join("\n", pages);
            var compact = Regex.Replace(text, @"\s+", "");

            // The title block, parameters and the whole report's summary on every volume.
            pages[0].Should().StartWith("Data Change Report").And.Contain($"Volume {k} of 4")
                .And.Contain("Date range 2026-01-01 00:00:00.000Z to 2026-02-01 00:00:00.000Z (end exclusive)")
                .And.Contain("Rows: 80").And.Contain("Records updated: 60").And.Contain("Field changes: 80");
            for (var p = 0; p < pages.Count; p++)
            {
                pages[p].Should().Contain($"Page {p + 1} of {pages.Count}").And.Contain($"Volume {k} of 4");
                pages[p].Should().Contain("Time User Action Entity Record ID Record Name Field Previous Value New Value Outcome Event ID", "the header starts every page's table");
            }

            // Its rows, and its own range: the lowest and highest sequence among its rows' events, with their hashes.
            var own = RowPattern().Matches(text).ToList();
            var first = (k - 1) * Limit;
            var mine = expected.Skip(first).Take(Limit).ToList();
            own.Should().HaveCount(mine.Count);
            rows.AddRange(own);
            var low = mine.Select(r => r.Event).MinBy(e => e.Sequence)!;
            var high = mine.Select(r => r.Event).MaxBy(e => e.Sequence)!;
            text.Should().Contain($"Rows {first + 1} to {first + mine.Count} of the report's rows");
            compact.Should().Contain($"Stream{low.StreamId}firstsequence{low.Sequence}hash{low.Hash}")
                .And.Contain($"Stream{high.StreamId}lastsequence{high.Sequence}hash{high.Hash}");

            if (k < 4)
            {
                text.Should().Contain($"in volume {k + 1}").And.NotContain("Evidence");
            }
            else
            {
                // The evidence closes the last volume and covers the whole range: every volume's rows.
                var stream = result.Evidence.Streams.Single();
                stream.FirstHash.Should().Be(_written[0].Hash);
                stream.LastHash.Should().Be(_written[^1].Hash);
                text.Should().Contain("This is the last volume").And.Contain("Evidence").And.Contain("INTACT");
                compact.Should().Contain($"sequence{stream.FirstSequence}hash{stream.FirstHash}").And.Contain($"sequence{stream.LastSequence}hash{stream.LastHash}");
                Outputs.RenderPages(pdf, _folder.Path).Should().HaveCount(pages.Count, "pdftoppm renders every page of a stamped volume");
            }
        }

        // Every row across the volumes, once, in the report's order, with the recorded values.
        rows.Should().HaveCount(expected.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var (e, change) = expected[i];
            rows[i].Groups["id"].Value.Should().Be(e.Target!.RecordId, $"row {i + 1}");
            rows[i].Groups["field"].Value.Should().Be(change.DisplayName);
            rows[i].Groups["old"].Value.Should().Be(change.OldValue);
            rows[i].Groups["new"].Value.Should().Be(change.NewValue);
            rows[i].Groups["event"].Value.Should().Be(e.DisplayId);
        }
    }

    [Test]
    public async Task GenerateAsync_PdfRowsAtAndJustPastMaxPdfRows_OnePdfThenTwoVolumes()
    {
        // Events 1 to 19: 19 rows plus one more for each of 3, 6, ..., 18 (two changes): 25 rows, exactly the limit.
        ExpectedRows(20).Count(r => r.Event.Timestamp >= T.AddMinutes(1)).Should().Be(Limit);
        var atLimit = new AuditReportRequest { Kind = AuditReportKind.DataChange, From = T.AddMinutes(1), To = T.AddMinutes(20) };
        var (one, pdf) = await _host.GenerateAsync(atLimit, AuditReportFormat.Pdf);

        one.Rows.Should().Be(Limit);
        one.Volumes.Should().Be(1);
        Encoding.ASCII.GetString(pdf, 0, 5).Should().Be("%PDF-", "a report that fits one volume is one plain PDF");
        var text = string.Join("\n", Outputs.PdfPages(pdf));
        RowPattern().Matches(text).Should().HaveCount(Limit);
        text.Should().NotContain("Volume").And.NotContain("This volume").And.Contain("Evidence");

        // One row more (event 20, one change): two volumes, the second holding the range's oldest row.
        var past = atLimit with { To = T.AddMinutes(21) };
        var (two, zipBytes) = await _host.GenerateAsync(past, AuditReportFormat.Pdf);
        two.Rows.Should().Be(Limit + 1);
        two.Volumes.Should().Be(2);
        using var zip = new ZipArchive(new MemoryStream(zipBytes), ZipArchiveMode.Read);
        var second = string.Join("\n", Outputs.PdfPages(Read(zip.Entries[1])));
        var rows = RowPattern().Matches(second);
        rows.Should().ContainSingle();
        rows[0].Groups["id"].Value.Should().Be("CUST-1", "the oldest event of the range is the last row");
        second.Should().Contain("Rows 26 to 26 of the report's rows").And.Contain("Volume 2 of 2").And.Contain("Rows: 26");
    }

    [Test]
    public void FileName_Title_LowerCaseWordsJoinedByHyphens()
    {
        Rendering.PdfReportWriter.FileName("Data Change Report").Should().Be("data-change-report");
        Rendering.PdfReportWriter.FileName("Audit Log Entry LOG-2026-8456789").Should().Be("audit-log-entry-log-2026-8456789");
        Rendering.PdfReportWriter.FileName("  ../ ").Should().Be("report");
    }

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    // A Data Change row as PdfPig extracts it: ... Record ID, Record Name, Field, Previous Value, New Value, Outcome, Event ID.
    [GeneratedRegex(@"(?<id>CUST-\d+) Customer \d+ (?<field>Credit Limit|Payment Terms) (?<old>\S+( \d+)?) (?<new>\S+( \d+)?) Success (?<event>LOG-\d{4}-\d+)")]
    private static partial Regex RowPattern();
}
