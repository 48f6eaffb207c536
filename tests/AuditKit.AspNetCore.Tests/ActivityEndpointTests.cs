using System.Net;
using AuditKit.AspNetCore.Tests.Support;

namespace AuditKit.AspNetCore.Tests;

/// <summary>GET /audit/activity: counts by a dimension over a range, within the caller's tenant.</summary>
public sealed class ActivityEndpointTests
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
    public async Task ByDay_CountsTheTenantsEventsPerDay()
    {
        var body = await (await _client.GetAsync("/audit/activity?by=Day&from=2026-01-01&to=2026-02-01&timeZone=UTC")).BodyAsync();

        // The oracle: A's seeded events (B's invoice of Jan 21 must not count) grouped by their UTC date.
        var expected = new[] { _data.CustomerCreatedA, _data.CustomerUpdatedA, _data.ApprovalA }
            .GroupBy(e => e.Timestamp.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}={g.Count()}");
        body.Items().Select(i => $"{(string)i["key"]!}={(long)i["count"]!}").Should().Equal(expected);
        ((string)body["by"]!).Should().Be("Day");
    }

    [Test]
    public async Task ByEntityType_WithAFilter_CountsOnlyMatchingEventsOfTheTenant()
    {
        var body = await (await _client.GetAsync("/audit/activity?by=EntityType&from=2026-01-01&to=2026-02-01&user=a-user")).BodyAsync();

        body.Items().Select(i => $"{(string)i["key"]!}={(long)i["count"]!}").Should().Equal("Customer=2", "Approval=1");
    }

    [TestCase("", "by")]
    [TestCase("by=Week", "by")]
    [TestCase("by=7", "by")]
    [TestCase("by=Hour&from=2026-01-01&to=2026-03-01", "from")]
    [TestCase("by=Day&from=2026-02-01&to=2026-01-01", "from")]
    [TestCase("by=Day&timeZone=Mars/Olympus", "timeZone")]
    [TestCase("by=Day&minRisk=Extreme", "minRisk")]
    public async Task BadParameters_Are400NamingTheField(string query, string field)
    {
        var response = await _client.GetAsync("/audit/activity?" + query);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.BodyAsync())["errors"]![field].Should().NotBeNull();
    }
}
