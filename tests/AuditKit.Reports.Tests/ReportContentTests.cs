using AuditKit.Reports.Tests.Support;
using AuditKit.TestSupport;
using Microsoft.Extensions.Hosting;

namespace AuditKit.Reports.Tests;

/// <summary>Each report, in each format, holds exactly the events the hand-made oracle of <see cref="SeedLog"/> assigns to it.</summary>
public sealed class ReportContentTests
{
    private TempFolder _folder = null!;
    private IHost _host = null!;
    private List<SeedLog.Seed> _seeds = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _folder = new TempFolder();
        _host = await ReportHost.StartAsync(_folder.File("audit.db"));
        _seeds = SeedLog.Build();
        await SeedLog.RecordAsync(_host.Log(), _seeds);
    }

    [OneTimeTearDown]
    public async Task TearDown()
    {
        await _host.StopAsync();
        _host.Dispose();
        _folder.Dispose();
    }

    private static AuditReportRequest Request(AuditReportKind kind) => new() { Kind = kind, From = SeedLog.From, To = SeedLog.To };

    private List<AuditEvent> Expected(AuditReportKind kind) =>
        _seeds.Where(s => s.In.Contains(kind)).Select(s => s.Event).OrderByDescending(e => e.Timestamp).ToList();

    [TestCaseSource(nameof(Kinds))]
    public async Task GenerateAsync_Csv_HasTheOraclesEventsNewestFirst(AuditReportKind kind)
    {
        var (result, bytes) = await _host.GenerateAsync(Request(kind), AuditReportFormat.Csv);

        var rows = ReportFiles.Csv(bytes);
        var expected = Expected(kind);
        rows.Select(r => r["Event ID"]).Distinct().Should().Equal(expected.Select(e => e.DisplayId));
        rows.Should().AllSatisfy(r => DateTimeOffset.Parse(r["Time"].TrimEnd('Z') + "+00:00", System.Globalization.CultureInfo.InvariantCulture)
            .Should().BeOnOrAfter(SeedLog.From).And.BeBefore(SeedLog.To));
        result.Events.Should().Be(expected.Count);
        result.Rows.Should().Be(rows.Count);
        if (kind == AuditReportKind.DataChange)
        {
            rows.Should().HaveCount(_seeds.Where(s => s.In.Contains(kind)).Sum(s => s.DataChangeRows));
        }
    }

    [TestCaseSource(nameof(Kinds))]
    public async Task GenerateAsync_JsonLines_HeaderRowsSummaryAndEvidenceParse(AuditReportKind kind)
    {
        var (result, bytes) = await _host.GenerateAsync(Request(kind), AuditReportFormat.JsonLines);

        var lines = ReportFiles.JsonLines(bytes);
        lines[0].GetProperty("record").GetString().Should().Be("report");
        lines[0].GetProperty("title").GetString().Should().Be(result.Title);
        lines[0].GetProperty("parameters").GetProperty("Users").GetString().Should().Be("All users");
        var rows = lines.Where(l => l.GetProperty("record").GetString() == "row").ToList();
        rows.Select(r => r.GetProperty("cells").GetProperty("eventId").GetString()).Distinct().Should().Equal(Expected(kind).Select(e => e.DisplayId));
        lines[^2].GetProperty("record").GetString().Should().Be("summary");
        lines[^2].GetProperty("Events").GetString().Should().Be(Expected(kind).Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        lines[^1].GetProperty("record").GetString().Should().Be("evidence");
        lines[^1].GetProperty("intact").GetBoolean().Should().BeTrue();
    }

    [TestCaseSource(nameof(Kinds))]
    public async Task GenerateAsync_Pdf_ShowsTitleParametersHeadersRowsAndPageNumbers(AuditReportKind kind)
    {
        var (result, bytes) = await _host.GenerateAsync(Request(kind), AuditReportFormat.Pdf);

        Outputs.PdfTitle(bytes).Should().Be(result.Title);
        var pages = Outputs.PdfPages(bytes);
        var text = string.Join(' ', pages);
        text.Should().Contain(result.Title).And.Contain("Parameters").And.Contain("2026-01-01 00:00:00.000Z to 2026-02-01 00:00:00.000Z")
            .And.Contain("All users").And.Contain("Summary").And.Contain("Evidence").And.Contain("Generated");
        text.Should().Contain("Time").And.Contain("Event ID");
        foreach (var e in Expected(kind))
        {
            text.Should().Contain(e.DisplayId);
        }

        for (var i = 0; i < pages.Count; i++)
        {
            pages[i].Should().Contain($"Page {i + 1} of {pages.Count}");
        }
    }

    [Test]
    public async Task GenerateAsync_DataChangeCsv_HasBeforeAndAfterPerField()
    {
        var (_, bytes) = await _host.GenerateAsync(Request(AuditReportKind.DataChange), AuditReportFormat.Csv);

        var credit = ReportFiles.Csv(bytes).Single(r => r["Field"] == "Credit Limit");
        credit["Previous Value"].Should().Be("10000.00");
        credit["New Value"].Should().Be("15000.00");
        credit["Record Name"].Should().Be("Acme Corporation");
        credit["User"].Should().Be("John Smith");
        ReportFiles.CsvHeader(bytes).Should().Equal("Time", "User", "Action", "Entity", "Record ID", "Record Name", "Field", "Previous Value", "New Value", "Outcome", "Event ID");
    }

    [Test]
    public async Task GenerateAsync_ExportActivityCsv_HasRecordCountsAndFormat()
    {
        var (_, bytes) = await _host.GenerateAsync(Request(AuditReportKind.ExportActivity), AuditReportFormat.Csv);

        var row = ReportFiles.Csv(bytes).Single();
        row["Records"].Should().Be("5000");
        row["Format"].Should().Be("csv");
        row["User"].Should().Be("Sarah Jones");
    }

    private static IEnumerable<AuditReportKind> Kinds() => Enum.GetValues<AuditReportKind>();
}
