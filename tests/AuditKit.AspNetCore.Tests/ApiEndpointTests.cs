using System.Net;
using System.Net.Http.Json;
using AuditKit.AspNetCore.Tests.Support;

namespace AuditKit.AspNetCore.Tests;

/// <summary>Every endpoint of the audit API through a real server, as an auditor of tenant A.</summary>
public sealed class ApiEndpointTests
{
    private AuditWebHost _host = null!;
    private TwoTenants _data = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _host = await AuditWebHost.StartAsync();
        _data = await TwoTenants.SeedAsync(_host);
        _client = await _host.SignInAsync("auditor-a", "A", "Auditor");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    [Test]
    public async Task Events_Search_ReturnsTenantEventsNewestFirst()
    {
        var page = await (await _client.GetAsync("/audit/events?user=a-user&category=RecordChange&category=UserAction")).BodyAsync();

        page.Items().Select(i => (string)i["id"]!).Should().Equal(
            _data.ApprovalA.Id.ToString(), _data.CustomerUpdatedA.Id.ToString(), _data.CustomerCreatedA.Id.ToString());
        var updated = page.Items()[1];
        ((string)updated["category"]!).Should().Be("RecordChange");
        ((string)updated["actor"]!["name"]!).Should().Be("Alice Able");
        ((string)updated["displayId"]!).Should().Be(_data.CustomerUpdatedA.DisplayId);
        page["nextCursor"].Should().BeNull();
    }

    [Test]
    public async Task Events_KeysetPaging_VisitsEveryEventOnceWithoutGaps()
    {
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await (await _client.GetAsync("/audit/events?pageSize=1&user=a-user&category=RecordChange&category=UserAction" + (cursor is null ? "" : "&cursor=" + cursor))).BodyAsync();
            seen.AddRange(page.Items().Select(i => (string)i["id"]!));
            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null);

        seen.Should().Equal(_data.ApprovalA.Id.ToString(), _data.CustomerUpdatedA.Id.ToString(), _data.CustomerCreatedA.Id.ToString());
    }

    [TestCase("from=2026-01-21&to=2026-01-23&category=RecordChange", 1)]
    [TestCase("user=a-user&category=RecordChange", 2)]
    [TestCase("role=Sales%20Manager&category=RecordChange", 2)]
    [TestCase("action=Create", 1)]
    [TestCase("outcome=Success&entity=Customer", 2)]
    [TestCase("entity=Customer&recordId=CUST-A1", 2)]
    [TestCase("correlationId=corr-a", 2)]
    [TestCase("ip=192.168.1.105", 3)]
    [TestCase("q=acme", 2)]
    [TestCase("q=Net*", 1)]
    [TestCase("minRisk=Critical", 0)]
    public async Task Events_EachFilter_NarrowsTheResults(string filter, int expected)
    {
        var page = await (await _client.GetAsync("/audit/events?" + filter)).BodyAsync();
        var count = await (await _client.GetAsync("/audit/events/count?" + filter)).BodyAsync();

        page.Items().Should().HaveCount(expected);
        ((long)count["count"]!).Should().Be(expected);
    }

    [Test]
    public async Task EventDetail_ByIdOrDisplayId_HasChangesPreviousChangeAndRelatedEvents()
    {
        foreach (var id in new[] { _data.CustomerUpdatedA.Id.ToString(), _data.CustomerUpdatedA.DisplayId })
        {
            var response = await _client.GetAsync("/audit/events/" + id);
            response.StatusCode.Should().Be(HttpStatusCode.OK, id);
            var detail = await response.BodyAsync();
            ((string)detail["event"]!["id"]!).Should().Be(_data.CustomerUpdatedA.Id.ToString());
            detail["event"]!["changes"]!.AsArray().Select(c => ((string)c!["field"]!, (string?)c["oldValue"], (string?)c["newValue"]))
                .Should().Equal(("CreditLimit", "10000", "15000"), ("PaymentTerms", "Net 30", "Net 45"));
            ((string)detail["previousChange"]!["id"]!).Should().Be(_data.CustomerCreatedA.Id.ToString());
            detail["related"]!.AsArray().Select(r => (string)r!["id"]!).Should().Equal(_data.ApprovalA.Id.ToString());
        }
    }

    [Test]
    public async Task EventDetail_Unknown_Is404()
    {
        (await _client.GetAsync("/audit/events/" + Guid.NewGuid())).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await _client.GetAsync("/audit/events/LOG-2026-99999999")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task RecordHistory_ListsEveryChangeNewestFirst()
    {
        var page = await (await _client.GetAsync("/audit/records/Customer/CUST-A1/history")).BodyAsync();

        page.Items().Select(i => (string)i["action"]!).Should().Equal("Update", "Create");
    }

    [Test]
    public async Task RecordState_AtAMoment_RebuildsTheFieldsThen()
    {
        var before = await (await _client.GetAsync("/audit/records/Customer/CUST-A1/state?at=2026-01-21T00:00:00Z")).BodyAsync();
        var after = await (await _client.GetAsync("/audit/records/Customer/CUST-A1/state?at=2026-01-23")).BodyAsync();
        var never = await (await _client.GetAsync("/audit/records/Customer/CUST-A1/state?at=2026-01-01")).BodyAsync();

        ((bool)before["exists"]!).Should().BeTrue();
        ((string)before["fields"]!["CreditLimit"]!).Should().Be("10000");
        ((string)after["fields"]!["CreditLimit"]!).Should().Be("15000");
        ((string)after["fields"]!["PaymentTerms"]!).Should().Be("Net 45");
        ((bool)never["exists"]!).Should().BeFalse();
    }

    [Test]
    public async Task UserActivity_SummarizesTheUser()
    {
        var activity = await (await _client.GetAsync("/audit/users/a-user/activity?from=2026-01-01&to=2026-02-01")).BodyAsync();

        ((long)activity["totalActions"]!).Should().Be(3);
        ((long)activity["recordsCreated"]!).Should().Be(1);
        ((long)activity["recordsModified"]!).Should().Be(1);
        ((string)activity["name"]!).Should().Be("Alice Able");
    }

    [Test]
    public async Task Dashboard_ShowsCountsAndActivityByType()
    {
        var response = await _client.GetAsync("/audit/dashboard?timeZone=America/New_York&recent=10");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var dashboard = await response.BodyAsync();
        dashboard["today"]!["count"].Should().NotBeNull();
        dashboard["activityByCategory"].Should().NotBeNull();
        dashboard["recentHighPriority"]!.AsArray().Should().BeEmpty("tenant A has no high-risk event; B's export and lockout are not A's");
    }

    [Test]
    public async Task Security_And_System_Answer()
    {
        var security = await _client.GetAsync("/audit/security?from=2026-01-01");
        var system = await _client.GetAsync("/audit/system?heartbeatSeconds=60");

        security.StatusCode.Should().Be(HttpStatusCode.OK);
        system.StatusCode.Should().Be(HttpStatusCode.OK);
        (await security.BodyAsync())["byRisk"]!.AsArray().Should().NotBeEmpty();
        (await system.BodyAsync())["jobs"].Should().NotBeNull();
    }

    [Test]
    public async Task OpenApiDocument_DescribesEveryEndpoint()
    {
        var document = await (await _client.GetAsync("/openapi/v1.json")).BodyAsync();

        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        paths.Should().Contain([
            "/audit/dashboard", "/audit/events", "/audit/events/count", "/audit/events/{id}", "/audit/records/{entityType}/{recordId}/history",
            "/audit/records/{entityType}/{recordId}/state", "/audit/users/{actorId}/activity", "/audit/security", "/audit/system", "/audit/settings/events",
        ]);
        document["paths"]!["/audit/events"]!["get"]!["parameters"]!.AsArray().Select(p => (string)p!["name"]!)
            .Should().Contain(["from", "to", "user", "role", "category", "action", "outcome", "minRisk", "entity", "recordId", "correlationId", "ip", "q", "pageSize", "cursor"]);
    }
}
