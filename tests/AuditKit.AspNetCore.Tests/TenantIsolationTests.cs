using System.Net;
using AuditKit.AspNetCore.Tests.Support;

namespace AuditKit.AspNetCore.Tests;

/// <summary>A user of tenant A never sees tenant B's events, whatever filter, id or parameter they try.</summary>
public sealed class TenantIsolationTests
{
    private AuditWebHost _host = null!;
    private TwoTenants _data = null!;
    private HttpClient _a = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _host = await AuditWebHost.StartAsync();
        _data = await TwoTenants.SeedAsync(_host);
        _a = await _host.SignInAsync("auditor-a", "A", "Auditor", "Admin");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _a.Dispose();
        await _host.DisposeAsync();
    }

    // B's values for every filter; each alone would find B's events in an unscoped search.
    [TestCase("user=b-user")]
    [TestCase("role=B-Role")]
    [TestCase("action=Export")]
    [TestCase("action=LoginFailed")]
    [TestCase("entity=Invoice")]
    [TestCase("recordId=INV-B1")]
    [TestCase("correlationId=corr-b")]
    [TestCase("ip=10.0.0.2")]
    [TestCase("q=Bravo")]
    [TestCase("q=bob*")]
    [TestCase("minRisk=High")]
    [TestCase("category=Security")]
    [TestCase("outcome=Denied")]
    [TestCase("from=2026-01-21T07:00:00Z&to=2026-01-21T09:00:00Z")]
    [TestCase("tenant=B")]
    [TestCase("tenantId=B")]
    [TestCase("user=b-user&tenantId=B&TenantId=B")]
    public async Task SearchAndCount_WithBsValues_FindNothingOfB(string filter)
    {
        var unscoped = await _host.Reader.CountAsync(new AuditQuery { TenantId = "B" });
        unscoped.Should().BeGreaterThanOrEqualTo(3, "the oracle: B's events are in the store");

        await _host.FlushAsync(); // earlier cases' audited reads are queued: committed now, only this search's read can land between page and count
        var page = await (await _a.GetAsync("/audit/events?pageSize=1000&" + filter)).BodyAsync();
        var count = await (await _a.GetAsync("/audit/events/count?" + filter)).BodyAsync();

        page.Items().Select(i => (string?)i["tenantId"]).Where(t => t != "A").Should().BeEmpty();
        page.Items().Select(i => (string)i["id"]!).Should().NotIntersectWith(_data.OfB.Select(e => e.Id.ToString()));
        // The count may include the search's own audited read (tenant A), never B's events.
        ((long)count["count"]!).Should().BeInRange(page.Items().Count, page.Items().Count + 1);
    }

    [Test]
    public async Task EventDetail_BsIds_Are404()
    {
        foreach (var e in _data.OfB)
        {
            (await _a.GetAsync("/audit/events/" + e.Id)).StatusCode.Should().Be(HttpStatusCode.NotFound);
            (await _a.GetAsync("/audit/events/" + e.DisplayId)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        }
    }

    [Test]
    public async Task RecordHistoryAndState_OfBsRecord_AreEmpty()
    {
        var history = await (await _a.GetAsync("/audit/records/Invoice/INV-B1/history")).BodyAsync();
        var state = await (await _a.GetAsync("/audit/records/Invoice/INV-B1/state")).BodyAsync();

        history.Items().Should().BeEmpty();
        ((bool)state["exists"]!).Should().BeFalse();
        ((int)state["changeCount"]!).Should().Be(0);
        state["fields"]!.AsObject().Should().BeEmpty();
    }

    [Test]
    public async Task UserActivity_OfBsUser_IsEmpty()
    {
        var activity = await (await _a.GetAsync("/audit/users/b-user/activity?from=2020-01-01")).BodyAsync();

        ((long)activity["totalActions"]!).Should().Be(0);
        ((long)activity["failedLogins"]!).Should().Be(0);
        activity["recent"]!.AsArray().Should().BeEmpty();
    }

    [Test]
    public async Task InsightScreens_ShowNothingOfB()
    {
        var dashboard = await (await _a.GetAsync("/audit/dashboard")).BodyAsync();
        var security = await (await _a.GetAsync("/audit/security?from=2020-01-01")).BodyAsync();
        var system = await (await _a.GetAsync("/audit/system?from=2020-01-01")).BodyAsync();

        var text = dashboard.ToJsonString() + security.ToJsonString() + system.ToJsonString();
        text.Should().NotContain("b-user").And.NotContain("Bravo").And.NotContain("INV-B1").And.NotContain("10.0.0.2");
        security["mostFailedLogins"]!.AsArray().Should().BeEmpty();
        security["recent"]!.AsArray().Should().BeEmpty();
        dashboard["recentHighPriority"]!.AsArray().Should().BeEmpty();
    }

    [Test]
    public async Task EventDetail_OfAnAEvent_RelatedEventsNeverIncludeB()
    {
        // B's events share no correlation with A's; give B one with A's correlation id to try to leak it through "related".
        await _host.RecordAsync(new AuditEvent(AuditCategory.UserAction, "Leak") { TenantId = "B", CorrelationId = "corr-a", Message = "B event on A's correlation" });

        var detail = await (await _a.GetAsync("/audit/events/" + _data.CustomerUpdatedA.Id)).BodyAsync();

        detail["related"]!.AsArray().Select(r => (string)r!["tenantId"]!).Should().OnlyContain(t => t == "A");
        detail["related"]!.AsArray().Should().HaveCount(1);
    }

    [Test]
    public async Task AuditedReads_OfA_AreRecordedInA()
    {
        await _a.GetAsync("/audit/events?q=isolation-probe");
        await _host.FlushAsync();

        var reads = await _host.StoredAsync(new AuditQuery { Actions = ["AuditLogRead"], ActorIds = ["auditor-a"] });
        reads.Should().NotBeEmpty().And.OnlyContain(e => e.TenantId == "A");
    }
}
