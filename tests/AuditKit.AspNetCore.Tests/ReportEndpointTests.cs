using System.Net;
using AuditKit.AspNetCore.Tests.Support;
using AuditKit.TestSupport;

namespace AuditKit.AspNetCore.Tests;

/// <summary>
/// The reports screen's endpoints, Export Results and Export Entry over a real Kestrel host with <c>AddReports()</c>:
/// the downloads are read back (CsvHelper, System.Text.Json, PdfPig) and compared with the events the test seeded.
/// </summary>
public sealed class ReportEndpointTests
{
    private const string January = "from=2026-01-01&to=2026-02-01";

    private AuditWebHost _host = null!;
    private TwoTenants _seed = null!;
    private AuditEvent _formulaA = null!;
    private AuditEvent _loginA = null!;
    private AuditEvent _failedLoginA = null!;
    private HttpClient _auditorA = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _host = await StartWithReportsAsync();
        _seed = await TwoTenants.SeedAsync(_host);
        var carol = new AuditActor("c-user", "Carol Cell", "carol@a.example", "Clerk");
        _formulaA = await _host.RecordAsync(AuditEvents.Updated("Customer", "CUST-A2", "=HYPERLINK(\"http://evil.example\")", [new FieldChange("Notes", "+1+1", "@SUM(A1)"), new FieldChange("Code", "-2", "\tx")]) with
        {
            TenantId = "A", Actor = carol, Timestamp = new DateTimeOffset(2026, 1, 24, 12, 0, 0, TimeSpan.Zero),
        });
        var alice = _seed.CustomerCreatedA.Actor!;
        _loginA = await _host.RecordAsync(AuditEvents.Login(alice) with { TenantId = "A", Timestamp = new DateTimeOffset(2026, 1, 25, 8, 0, 0, TimeSpan.Zero) });
        _failedLoginA = await _host.RecordAsync(AuditEvents.LoginFailed(carol, 1, 5) with { TenantId = "A", Timestamp = new DateTimeOffset(2026, 1, 25, 8, 5, 0, TimeSpan.Zero) });
        _auditorA = await _host.SignInAsync("auditor-a", "A", "Auditor");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _auditorA.Dispose();
        await _host.DisposeAsync();
    }

    private IEnumerable<AuditEvent> ChangesOfA => [_seed.CustomerCreatedA, _seed.CustomerUpdatedA, _formulaA];

    [Test]
    public async Task Catalog_ListsTheSixReportsWithTheirParametersAndFormats()
    {
        var catalog = await (await _auditorA.GetAsync("/audit/reports")).BodyAsync();

        catalog["reports"]!.AsArray().Select(r => (string)r!["title"]!).Should().Equal(
            "User Access Report", "Data Change Report", "Security Event Report", "Export Activity Report", "Admin Activity Report", "System Access Report");
        catalog["reports"]!.AsArray().Select(r => (string)r!["kind"]!).Should().Equal("UserAccess", "DataChange", "SecurityEvent", "ExportActivity", "AdminActivity", "SystemAccess");
        catalog["parameters"]!.AsArray().Select(p => (string)p!["name"]!).Should().Equal("from", "to", "user", "includeSuccessful", "includeFailed", "format");
        catalog["formats"]!.AsArray().Select(f => (string)f!["format"]!).Should().Equal("csv", "jsonl", "pdf");
    }

    [Test]
    public async Task DataChangeReport_Csv_IsADownloadWhoseRowsAreTheSeededChangesOfTheCallersTenant_AndIsAudited()
    {
        var response = await _auditorA.GetAsync($"/audit/reports/DataChange?{January}&format=csv");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        response.Content.Headers.ContentDisposition!.DispositionType.Should().Be("attachment");
        response.Content.Headers.ContentDisposition.FileName.Should().Be("data-change-report-2026-01-01-to-2026-02-01.csv");
        var rows = ReportFiles.Csv(await response.Content.ReadAsByteArrayAsync());
        var expected = ChangesOfA.OrderByDescending(e => e.Timestamp)
            .SelectMany(e => e.Changes.Select(c => (e.DisplayId, Field: c.DisplayName ?? c.Field, Old: c.OldValue ?? "", New: c.NewValue ?? "")))
            .Select(r => (r.DisplayId, r.Field, Old: Neutralised(r.Old), New: Neutralised(r.New)));
        rows.Select(r => (r["Event ID"], r["Field"], r["Previous Value"], r["New Value"])).Should().BeEquivalentTo(expected);
        rows.Should().OnlyContain(r => !r["Event ID"].Equals(_seed.InvoiceUpdatedB.DisplayId, StringComparison.Ordinal));
        rows.Where(r => r["Record ID"] == "CUST-A2").Select(r => r["Record Name"]).Should().HaveCount(2).And.OnlyContain(n => n == "'=HYPERLINK(\"http://evil.example\")", "a formula in a record name is neutralised");

        var audited = await _host.StoredAsync(new AuditQuery { Actions = [AuditActions.ReportGenerated], ActorIds = ["auditor-a"] });
        audited.Should().Contain(e => e.TenantId == "A" && e.Target!.RecordId == "Data Change Report");
    }

    [Test]
    public async Task UserAccessReport_JsonLines_RowsAreTheSeededLoginsOfA_AndTheHeaderNamesTheCallersTenant()
    {
        var response = await _auditorA.GetAsync($"/audit/reports/UserAccess?{January}&format=jsonl&tenantId=B&tenant=B");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/jsonl");
        response.Content.Headers.ContentDisposition!.FileName.Should().Be("user-access-report-2026-01-01-to-2026-02-01.jsonl");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var header = ReportFiles.JsonLines(bytes)[0];
        header.GetProperty("title").GetString().Should().Be("User Access Report");
        header.GetProperty("parameters").GetProperty("Tenant").GetString().Should().Be("A", "the tenant comes from the principal; tenantId=B is ignored");
        Downloads.JsonLinesRows(bytes).Select(r => r["eventId"]).Should().BeEquivalentTo([_loginA.DisplayId, _failedLoginA.DisplayId]);
    }

    [Test]
    public async Task Filters_UsersAndIncludeFlags_NarrowTheRows()
    {
        async Task<List<string>> EventIds(string path) =>
            ReportFiles.Csv(await (await _auditorA.GetAsync(path)).Content.ReadAsByteArrayAsync()).Select(r => r["Event ID"]).Distinct().ToList();

        (await EventIds($"/audit/reports/DataChange?{January}&user=c-user")).Should().Equal(_formulaA.DisplayId);
        (await EventIds($"/audit/reports/DataChange?{January}&user=a-user&user=nobody"))
            .Should().BeEquivalentTo([_seed.CustomerCreatedA.DisplayId, _seed.CustomerUpdatedA.DisplayId]);
        (await EventIds($"/audit/reports/UserAccess?{January}&includeSuccessful=false")).Should().Equal(_failedLoginA.DisplayId);
        (await EventIds($"/audit/reports/UserAccess?{January}&includeFailed=false")).Should().Equal(_loginA.DisplayId);
        (await EventIds("/audit/reports/DataChange?from=2026-01-21&to=2026-01-23")).Should().Equal(_seed.CustomerUpdatedA.DisplayId);
    }

    [Test]
    public async Task DataChangeReport_Pdf_HasTheTitleTheTenantAndTheSeededRecords()
    {
        var response = await _auditorA.GetAsync($"/audit/reports/DataChange?{January}&format=pdf");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
        response.Content.Headers.ContentDisposition!.FileName.Should().Be("data-change-report-2026-01-01-to-2026-02-01.pdf");
        var text = ReportFiles.PdfText(await response.Content.ReadAsByteArrayAsync());
        text.Should().Contain("Data Change Report").And.Contain("CUST-A1").And.Contain("CUST-A2").And.Contain(_seed.CustomerUpdatedA.DisplayId);
        text.Should().NotContain("INV-B1").And.NotContain(_seed.InvoiceUpdatedB.DisplayId);
    }

    [Test]
    public async Task ExportResults_WithTheSearchFilters_HoldsTheMatchingEventsOnly_AndCountsInTheUserActivity()
    {
        await using var host = await StartWithReportsAsync();
        var seed = await TwoTenants.SeedAsync(host);
        using var auditor = await host.SignInAsync("exporter-a", "A", "Auditor");

        var response = await auditor.GetAsync("/audit/events/export?entity=Customer&action=Update&action=Create&format=jsonl");
        var filtered = await auditor.GetAsync("/audit/events/export?q=Approval&format=csv");
        var everything = await auditor.GetAsync("/audit/events/export?from=2020-01-01&to=2026-02-01&format=csv");
        var report = await auditor.GetAsync($"/audit/reports/DataChange?{January}");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition!.FileName.Should().MatchRegex(@"^audit-log-export-\d{4}-\d{2}-\d{2}\.jsonl$");
        Downloads.JsonLinesRows(await response.Content.ReadAsByteArrayAsync()).Select(r => r["eventId"])
            .Should().Equal(seed.CustomerUpdatedA.DisplayId, seed.CustomerCreatedA.DisplayId);
        ReportFiles.Csv(await filtered.Content.ReadAsByteArrayAsync()).Select(r => r["Event ID"]).Should().Equal(seed.ApprovalA.DisplayId);
        ReportFiles.Csv(await everything.Content.ReadAsByteArrayAsync()).Select(r => r["Event ID"])
            .Should().BeEquivalentTo([seed.CustomerCreatedA.DisplayId, seed.CustomerUpdatedA.DisplayId, seed.ApprovalA.DisplayId]);
        report.StatusCode.Should().Be(HttpStatusCode.OK);

        var exports = await host.StoredAsync(new AuditQuery { Actions = [AuditActions.Export], ActorIds = ["exporter-a"] });
        exports.Should().HaveCount(3).And.OnlyContain(e => e.TenantId == "A");
        var activity = await (await auditor.GetAsync("/audit/users/exporter-a/activity?from=2020-01-01")).BodyAsync();
        ((long)activity["exports"]!).Should().Be(3);
        ((long)activity["reportsGenerated"]!).Should().Be(1);
    }

    [Test]
    public async Task ExportEntry_HoldsTheEntryItsChangesAndRelatedEvents_ByGuidOrDisplayId()
    {
        var byGuid = await _auditorA.GetAsync($"/audit/events/{_seed.CustomerUpdatedA.Id}/export?format=csv");
        var byDisplayId = await _auditorA.GetAsync($"/audit/events/{_seed.CustomerUpdatedA.DisplayId}/export?format=pdf");

        byGuid.StatusCode.Should().Be(HttpStatusCode.OK);
        byGuid.Content.Headers.ContentDisposition!.FileName.Should().Be($"audit-entry-{_seed.CustomerUpdatedA.DisplayId}.csv");
        var rows = ReportFiles.Csv(await byGuid.Content.ReadAsByteArrayAsync());
        rows.Where(r => r["Section"] == "Changes Made").Select(r => (r["Field"], r["Previous Value"], r["New Value"]))
            .Should().BeEquivalentTo(_seed.CustomerUpdatedA.Changes.Select(c => (c.DisplayName ?? c.Field, c.OldValue, c.NewValue)));
        rows.Where(r => r["Section"] == "Related Events").Select(r => r["Event ID"]).Should().Contain(_seed.ApprovalA.DisplayId);
        rows.Where(r => r["Section"] == "Previous Change").Select(r => r["Event ID"]).Should().Contain(_seed.CustomerCreatedA.DisplayId);
        byDisplayId.StatusCode.Should().Be(HttpStatusCode.OK);
        ReportFiles.PdfText(await byDisplayId.Content.ReadAsByteArrayAsync()).Should().Contain(_seed.CustomerUpdatedA.DisplayId).And.Contain("Net 45");
    }

    [Test]
    public async Task TenantAUser_NeverGetsTenantBRows_InAnyReportFormatOrExport()
    {
        string[] ofB = [.. _seed.OfB.Select(e => e.DisplayId)];
        List<string> paths = [];
        foreach (var kind in new[] { "UserAccess", "DataChange", "SecurityEvent", "ExportActivity", "AdminActivity", "SystemAccess" })
        {
            foreach (var format in new[] { "csv", "jsonl", "pdf" })
            {
                paths.Add($"/audit/reports/{kind}?from=2020-01-01&to=2030-01-01&format={format}&tenantId=B");
            }

            paths.Add($"/audit/reports/{kind}?from=2020-01-01&to=2030-01-01&user=b-user&tenant=B");
            paths.Add($"/audit/reports/{kind}?from=2020-01-01&to=2030-01-01&includeSuccessful=false");
        }

        // Export Results with each of B's filter values, and none.
        foreach (var filter in new[] { "", "user=b-user", "role=B-Role", "action=Export", "action=LoginFailed", "entity=Invoice", "recordId=INV-B1", "correlationId=corr-b", "ip=10.0.0.2", "q=Bravo", "tenantId=B", "category=Security", "outcome=Failure" })
        {
            paths.AddRange(new[] { "csv", "jsonl", "pdf" }.Select(format => $"/audit/events/export?{filter}&format={format}"));
        }

        foreach (var path in paths)
        {
            var response = await _auditorA.GetAsync(path);
            response.StatusCode.Should().Be(HttpStatusCode.OK, path);
            var bytes = await response.Content.ReadAsByteArrayAsync();

            // The PDF and the JSON Lines header echo the filters (b-user, INV-B1…), so rows are checked by B's event ids
            // everywhere, and by B's values in the CSV and the JSON Lines rows, which hold rows only.
            var text = path.Contains("format=pdf", StringComparison.Ordinal) ? ReportFiles.PdfText(bytes)
                : path.Contains("format=jsonl", StringComparison.Ordinal) ? string.Join('\n', Downloads.JsonLinesRows(bytes).SelectMany(r => r.Values))
                : System.Text.Encoding.UTF8.GetString(bytes);
            foreach (var id in ofB)
            {
                System.Text.RegularExpressions.Regex.IsMatch(text, $@"\b{id}\b").Should().BeFalse($"{id} is tenant B's ({path})");
            }

            if (!path.Contains("format=pdf", StringComparison.Ordinal))
            {
                text.Should().NotContain("Bravo", path).And.NotContain("INV-B1", path).And.NotContain("10.0.0.2", path).And.NotContain("b-user", path);
            }
        }

        foreach (var e in _seed.OfB)
        {
            (await _auditorA.GetAsync($"/audit/events/{e.Id}/export")).StatusCode.Should().Be(HttpStatusCode.NotFound);
            (await _auditorA.GetAsync($"/audit/events/{e.DisplayId}/export?format=pdf")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        }
    }

    [Test]
    public async Task Anonymous_Is401_AndAUserWithoutTheReadPolicy_Is403_OnEveryReportEndpoint()
    {
        using var anonymous = _host.Anonymous();
        using var clerk = await _host.SignInAsync("clerk-a", "A", "Clerk");
        string[] paths = ["/audit/reports", $"/audit/reports/DataChange?{January}", "/audit/events/export", $"/audit/events/{_seed.CustomerUpdatedA.Id}/export"];

        foreach (var path in paths)
        {
            (await anonymous.GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.Unauthorized, path);
            (await clerk.GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.Forbidden, path);
        }

        (await _host.StoredAsync(new AuditQuery { Actions = [AuditActions.Export, AuditActions.ReportGenerated], ActorIds = ["clerk-a"] })).Should().BeEmpty();
    }

    [TestCase("/audit/reports/%3Cscript%3E?from=2026-01-01&to=2026-02-01", "kind")]
    [TestCase("/audit/reports/7?from=2026-01-01&to=2026-02-01", "kind")]
    [TestCase("/audit/reports/DataChange?from=2026-01-01&to=2026-02-01&format=%3Dcmd", "format")]
    [TestCase("/audit/reports/DataChange?from=2026-01-01&to=2026-02-01&format=xlsx", "format")]
    [TestCase("/audit/reports/DataChange?to=2026-02-01", "from")]
    [TestCase("/audit/reports/DataChange?from=2026-01-01", "to")]
    [TestCase("/audit/reports/DataChange?from=yesterday&to=2026-02-01", "from")]
    [TestCase("/audit/reports/DataChange?from=2026-13-45&to=2026-02-01", "from")]
    [TestCase("/audit/reports/DataChange?from=2026-01-01&to=2026-02-30", "to")]
    [TestCase("/audit/reports/DataChange?from=2026-02-01&to=2026-01-01", "from")]
    [TestCase("/audit/reports/DataChange?from=2026-01-01&to=2026-01-01", "from")]
    [TestCase("/audit/reports/DataChange?from=2026-01-01&to=9999-12-31T23:59:59Z", "to")]
    [TestCase("/audit/reports/DataChange?from=2026-01-01&to=2026-02-01&includeSuccessful=false&includeFailed=false", "includeSuccessful")]
    [TestCase("/audit/reports/DataChange?from=2026-01-01&to=2026-02-01&includeFailed=%40SUM(1)", "includeFailed")]
    [TestCase("/audit/events/export?format=pdf%3Cscript%3E", "format")]
    [TestCase("/audit/events/export?from=2026-02-01&to=2026-01-01", "from")]
    [TestCase("/audit/events/export?category=Bogus", "category")]
    [TestCase("/audit/events/export?cursor=%27%20OR%201%3D1--", "cursor")]
    [TestCase("/audit/events/LOG-2026-1/export?format=-1", "format")]
    public async Task BadValue_Is400NamingTheParameter_AndNothingIsRecorded(string path, string field)
    {
        var response = await _auditorA.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, path);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        response.Content.Headers.ContentDisposition.Should().BeNull();
        (await response.BodyAsync())["errors"]!.AsObject().Select(e => e.Key).Should().Contain(field);
    }

    [TestCase("user")]
    [TestCase("q")]
    [TestCase("entity")]
    public async Task HugeAndTooManyValues_Are400NamingTheParameter(string field)
    {
        var huge = new string('=', 5000);
        var reportParameter = field == "user" ? "user" : null;
        var exportResponse = await _auditorA.GetAsync($"/audit/events/export?{field}={huge}");
        exportResponse.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await exportResponse.BodyAsync())["errors"]!.AsObject().Select(e => e.Key).Should().Contain(field);

        if (reportParameter is not null)
        {
            var tooLong = await _auditorA.GetAsync($"/audit/reports/DataChange?{January}&user={huge}");
            var tooMany = await _auditorA.GetAsync($"/audit/reports/DataChange?{January}&{string.Join('&', Enumerable.Range(0, AuditQuery.MaxListValues + 1).Select(i => $"user=u{i}"))}");
            tooLong.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            tooMany.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await tooMany.BodyAsync())["errors"]!.AsObject().Select(e => e.Key).Should().Contain("user");
        }
    }

    [Test]
    public async Task OneMegabyteValue_IsRefusedBeforeTheEndpoint_NeverA500()
    {
        var megabyte = new string('a', 1 << 20);

        var report = await _auditorA.GetAsync($"/audit/reports/DataChange?{January}&user={megabyte}");
        var export = await _auditorA.GetAsync($"/audit/events/export?q={megabyte}");

        ((int)report.StatusCode).Should().BeInRange(400, 499);
        ((int)export.StatusCode).Should().BeInRange(400, 499);
    }

    [Test]
    public async Task HostileUserText_IsATextValueInTheParameters_NeverMarkup()
    {
        var response = await _auditorA.GetAsync($"/audit/reports/UserAccess?{January}&user=%3Cscript%3Ealert(1)%3C%2Fscript%3E&format=jsonl");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var lines = ReportFiles.JsonLines(await response.Content.ReadAsByteArrayAsync());
        lines[0].GetProperty("parameters").GetProperty("Users").GetString().Should().Be("<script>alert(1)</script>");
        lines.Should().NotContain(l => l.GetProperty("record").GetString() == "row");
    }

    [Test]
    public async Task WithoutAddReports_EveryReportEndpointIs404_NotEnabled()
    {
        await using var host = await AuditWebHost.StartAsync();
        using var auditor = await host.SignInAsync("auditor-a", "A", "Auditor");

        foreach (var path in new[] { "/audit/reports", $"/audit/reports/DataChange?{January}", "/audit/events/export", $"/audit/events/{Guid.NewGuid()}/export" })
        {
            var response = await auditor.GetAsync(path);
            response.StatusCode.Should().Be(HttpStatusCode.NotFound, path);
            ((string)(await response.BodyAsync())["detail"]!).Should().Contain("AddReports()");
        }
    }

    [Test]
    public async Task OpenApiDocument_DescribesTheReportEndpoints()
    {
        var document = await (await _auditorA.GetAsync("/openapi/v1.json")).BodyAsync();

        document["paths"]!.AsObject().Select(p => p.Key).Should().Contain(["/audit/reports", "/audit/reports/{kind}", "/audit/events/export", "/audit/events/{id}/export"]);
        document["paths"]!["/audit/reports/{kind}"]!["get"]!["parameters"]!.AsArray().Select(p => (string)p!["name"]!)
            .Should().Contain(["kind", "from", "to", "user", "includeSuccessful", "includeFailed", "format"]);
        document["paths"]!["/audit/events/export"]!["get"]!["parameters"]!.AsArray().Select(p => (string)p!["name"]!)
            .Should().Contain(["from", "to", "user", "category", "action", "entity", "q", "format"]);
    }

    private static Task<AuditWebHost> StartWithReportsAsync() =>
        AuditWebHost.StartAsync(services: b => b.Services.AddAuditKit(a => a.AddReports()));

    // CsvHelper's injection escaping, as a spreadsheet user needs it: a leading apostrophe before = + - @ tab CR.
    private static string Neutralised(string value) => value.Length > 0 && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal) ? "'" + value : value;
}
