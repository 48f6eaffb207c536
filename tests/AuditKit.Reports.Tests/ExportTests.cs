using AuditKit.Reports.Tests.Support;
using AuditKit.TestSupport;
using Microsoft.Extensions.Hosting;

namespace AuditKit.Reports.Tests;

/// <summary>"Export Results" writes what the query matches; "Export Entry" writes the entry, its changes, related events and previous change.</summary>
public sealed class ExportTests
{
    private TempFolder _folder = null!;
    private IHost _host = null!;
    private List<SeedLog.Seed> _seeds = null!;
    private AuditEvent _created = null!;
    private AuditEvent _updated = null!;
    private AuditEvent[] _related = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _folder = new TempFolder();
        _host = await ReportHost.StartAsync(_folder.File("audit.db"));
        _seeds = SeedLog.Build();
        await SeedLog.RecordAsync(_host.Log(), _seeds);
        var log = _host.Log();
        var t = new DateTimeOffset(2026, 1, 20, 10, 0, 0, TimeSpan.Zero);
        _created = await log.RecordAsync(AuditEvents.Created("Customer", "CUST-9", "Globex", [new FieldChange("CreditLimit", null, "5000.00")]) with { Timestamp = t, Actor = SeedLog.Sarah });
        _updated = await log.RecordAsync(AuditEvents.Updated("Customer", "CUST-9", "Globex",
            [new FieldChange("CreditLimit", "5000.00", "7500.00", DisplayName: "Credit Limit"), new FieldChange("Status", "Active", "On hold")]) with
        { Timestamp = t.AddDays(2), Actor = SeedLog.John, CorrelationId = "corr-9" });
        _related =
        [
            await log.RecordAsync(new AuditEvent(AuditCategory.UserAction, "ApprovalRequested") { Message = "Approval request created", Timestamp = t.AddDays(2).AddSeconds(3), CorrelationId = "corr-9" }),
            await log.RecordAsync(new AuditEvent(AuditCategory.System, "NotificationSent") { Message = "Manager notification sent", Timestamp = t.AddDays(2).AddSeconds(4), CorrelationId = "corr-9" }),
        ];
    }

    [OneTimeTearDown]
    public async Task TearDown()
    {
        await _host.StopAsync();
        _host.Dispose();
        _folder.Dispose();
    }

    [Test]
    public async Task ExportQueryAsync_Csv_HasEveryMatchingEventAndRecordsAnExport()
    {
        var query = new AuditQuery { From = SeedLog.From, To = SeedLog.To, EntityTypes = ["Customer"] };
        using var output = new MemoryStream();

        var result = await _host.Reports().ExportQueryAsync(query, AuditReportFormat.Csv, output);

        var expected = _seeds.Select(s => s.Event).Append(_created).Append(_updated)
            .Where(e => e.Target?.EntityType == "Customer").OrderByDescending(e => e.Timestamp).Select(e => e.DisplayId);
        var rows = ReportFiles.Csv(output.ToArray());
        rows.Select(r => r["Event ID"]).Should().Equal(expected);
        rows.Single(r => r["Event ID"] == _updated.DisplayId)["Changes"].Should().Be("Credit Limit: 5000.00 → 7500.00; Status: Active → On hold", "each field change, before and after");
        result.Rows.Should().Be(expected.Count());
        var exports = await _host.Reader().QueryAsync(new AuditQuery { Actions = [AuditActions.Export], EntityTypes = ["AuditEvent"] });
        exports.Events.Should().Contain(e => e.Metadata["record_count"].GetInt64() == expected.Count());
    }

    [Test]
    public async Task ExportEntryAsync_Csv_HasChangesRelatedEventsAndPreviousChange()
    {
        using var output = new MemoryStream();

        await _host.Reports().ExportEntryAsync(_updated.Id, AuditReportFormat.Csv, output);

        var rows = ReportFiles.Csv(output.ToArray());
        rows.Should().Contain(r => r["Section"] == "Event Information" && r["Field"] == "Event ID" && r["Value"] == _updated.DisplayId);
        rows.Should().Contain(r => r["Section"] == "Event Information" && r["Field"] == "Hash" && r["Value"] == _updated.Hash);
        var changes = rows.Where(r => r["Section"] == "Changes Made").ToList();
        changes.Select(r => (r["Field"], r["Previous Value"], r["New Value"])).Should().Equal(("Credit Limit", "5000.00", "7500.00"), ("Status", "Active", "On hold"));
        rows.Where(r => r["Section"] == "Related Events").Select(r => r["Event ID"]).Should().Equal(_related.Select(e => e.DisplayId));
        rows.Where(r => r["Section"] == "Previous Change").Select(r => (r["Event ID"], r["Field"], r["New Value"])).Should().Equal((_created.DisplayId, "CreditLimit", "5000.00"));
    }

    [Test]
    public async Task ExportEntryAsync_JsonLinesAndPdf_HaveTheSameSections()
    {
        using var json = new MemoryStream();
        using var pdf = new MemoryStream();

        await _host.Reports().ExportEntryAsync(_updated.Id, AuditReportFormat.JsonLines, json);
        var result = await _host.Reports().ExportEntryAsync(_updated.Id, AuditReportFormat.Pdf, pdf);

        var lines = ReportFiles.JsonLines(json.ToArray());
        lines.Where(l => l.GetProperty("record").GetString() == "row" && l.GetProperty("section").GetString() == "Related Events")
            .Select(l => l.GetProperty("cells").GetProperty("message").GetString()).Should().Equal("Approval request created", "Manager notification sent");
        var text = string.Join(' ', Outputs.PdfPages(pdf.ToArray()));
        text.Should().Contain($"Audit Log Entry {_updated.DisplayId}").And.Contain("Changes Made").And.Contain("Related Events").And.Contain("Previous Change")
            .And.Contain("7500.00").And.Contain("Manager notification sent").And.Contain(_created.DisplayId).And.Contain(_updated.Hash!);
        result.Evidence.Streams.Should().ContainSingle().Which.LastSequence.Should().Be(_related[1].Sequence);
    }

    [Test]
    public async Task ExportEntryAsync_UnknownId_Throws()
    {
        using var output = new MemoryStream();

        var act = () => _host.Reports().ExportEntryAsync(Guid.NewGuid(), AuditReportFormat.Csv, output);

        await act.Should().ThrowAsync<KeyNotFoundException>();
        output.Length.Should().Be(0);
    }
}
