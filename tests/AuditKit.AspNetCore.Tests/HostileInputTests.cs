using System.Net;
using AuditKit.AspNetCore.Tests.Support;

namespace AuditKit.AspNetCore.Tests;

/// <summary>Hostile values in every parameter: a 400 problem naming the parameter, or a normal answer; never a 500.</summary>
public sealed class HostileInputTests
{
    private static readonly string Huge = new('a', 5000);

    private AuditWebHost _host = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _host = await AuditWebHost.StartAsync();
        await TwoTenants.SeedAsync(_host);
        _client = await _host.SignInAsync("auditor-a", "A", "Auditor", "Admin");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    // Values that are wrong for the parameter: 400 with the parameter named in "errors".
    [TestCase("/audit/events?from=yesterday", "from")]
    [TestCase("/audit/events?from=2026-13-45", "from")]
    [TestCase("/audit/events?to=0001-01-01", "to")]
    [TestCase("/audit/events?to=9999-12-31T23:59:59Z", "to")]
    [TestCase("/audit/events?from=2026-02-01&to=2026-01-01", "from")]
    [TestCase("/audit/events?category=Bogus", "category")]
    [TestCase("/audit/events?category=7", "category")]
    [TestCase("/audit/events?category=1,2", "category")]
    [TestCase("/audit/events?outcome=%3Cscript%3E", "outcome")]
    [TestCase("/audit/events?minRisk=-1", "minRisk")]
    [TestCase("/audit/events?pageSize=0", "pageSize")]
    [TestCase("/audit/events?pageSize=1001", "pageSize")]
    [TestCase("/audit/events?pageSize=99999999999999999999", "pageSize")]
    [TestCase("/audit/events?pageSize=1e3", "pageSize")]
    [TestCase("/audit/events?cursor=not-a-cursor", "cursor")]
    [TestCase("/audit/events?cursor=AAAAAAAAAAAAAAAAAAAAAAAAAAAA", "cursor")]
    [TestCase("/audit/events?cursor=%27%20OR%201%3D1--", "cursor")]
    [TestCase("/audit/events/count?from=%3Cscript%3E", "from")]
    [TestCase("/audit/records/Customer/CUST-A1/history?cursor=%00%00", "cursor")]
    [TestCase("/audit/records/Customer/CUST-A1/history?pageSize=-5", "pageSize")]
    [TestCase("/audit/records/Customer/CUST-A1/state?at=not-a-date", "at")]
    [TestCase("/audit/users/a-user/activity?from=x", "from")]
    [TestCase("/audit/users/a-user/activity?recent=100000", "recent")]
    [TestCase("/audit/dashboard?timeZone=Mars/Olympus", "timeZone")]
    [TestCase("/audit/dashboard?timeZone=..%2F..%2Fetc%2Fpasswd", "timeZone")]
    [TestCase("/audit/dashboard?recent=0", "recent")]
    [TestCase("/audit/security?to=2026-99-01", "to")]
    [TestCase("/audit/system?heartbeatSeconds=0", "heartbeatSeconds")]
    [TestCase("/audit/system?heartbeatSeconds=abc", "heartbeatSeconds")]
    public async Task BadValue_Is400NamingTheParameter(string path, string field)
    {
        var response = await _client.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, path);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.BodyAsync())["errors"]!.AsObject().Select(e => e.Key).Should().Contain(field);
    }

    [TestCase("user")]
    [TestCase("role")]
    [TestCase("action")]
    [TestCase("entity")]
    [TestCase("recordId")]
    [TestCase("correlationId")]
    [TestCase("ip")]
    [TestCase("q")]
    [TestCase("cursor")]
    public async Task HugeValue_Is400NamingTheParameter(string field)
    {
        var response = await _client.GetAsync($"/audit/events?{field}={Huge}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.BodyAsync())["errors"]!.AsObject().Select(e => e.Key).Should().Contain(field);
    }

    [Test]
    public async Task TooManyListValues_Is400()
    {
        var path = "/audit/events?" + string.Join('&', Enumerable.Range(0, 101).Select(i => $"user=u{i}"));

        var response = await _client.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.BodyAsync())["errors"]!["user"].Should().NotBeNull();
    }

    [TestCase("/audit/records/{0}/CUST-A1/history", "entityType")]
    [TestCase("/audit/records/Customer/{0}/history", "recordId")]
    [TestCase("/audit/records/Customer/{0}/state", "recordId")]
    [TestCase("/audit/users/{0}/activity", "actorId")]
    [TestCase("/audit/events/{0}", "id")]
    public async Task HugeRouteValue_Is400NamingTheParameter(string template, string field)
    {
        var response = await _client.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Huge));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.BodyAsync())["errors"]!.AsObject().Select(e => e.Key).Should().Contain(field);
    }

    // Values that are fine as text (search and identifiers are data, never syntax): a normal, empty answer.
    [TestCase("/audit/events?q=%27%3B%20DROP%20TABLE%20events%3B--")]
    [TestCase("/audit/events?q=%22unbalanced")]
    [TestCase("/audit/events?q=NEAR(a%20b)%20OR%20*%20AND%20NOT%20%5E")]
    [TestCase("/audit/events?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")]
    [TestCase("/audit/events?q=%00%01%02")]
    [TestCase("/audit/events?q=%F0%9F%92%A3%EF%BF%BF")]
    [TestCase("/audit/events?user=%27%20OR%20%271%27%3D%271")]
    [TestCase("/audit/events?entity=%3Cscript%3E&recordId=%25%25%25&ip=%5B%3A%3A1%5D")]
    [TestCase("/audit/events?action=*&role=%22")]
    [TestCase("/audit/events/count?q=%22%22%22&correlationId=%5C")]
    [TestCase("/audit/events/%3Cscript%3E")]
    [TestCase("/audit/events/LOG-9999-1")]
    [TestCase("/audit/events/LOG--1")]
    [TestCase("/audit/records/%3Cscript%3E/%27%20OR%201%3D1/history")]
    [TestCase("/audit/records/Customer/%27%3B--/state?at=2026-01-01")]
    [TestCase("/audit/users/%3Cscript%3E/activity")]
    public async Task MaliciousText_IsJustData(string path)
    {
        var response = await _client.GetAsync(path);

        response.StatusCode.Should().BeOneOf(HttpStatusCode.OK, HttpStatusCode.NotFound);
        var body = await response.Content.ReadAsStringAsync();
        body.Should().NotContain("<script>", "JSON escapes markup");
    }

    [TestCase("{", "body")]
    [TestCase("[]", "body")]
    [TestCase("null", "body")]
    [TestCase("{\"policy\":{}}", "version")]
    [TestCase("{\"version\":-1,\"policy\":{}}", "version")]
    [TestCase("{\"version\":0}", "policy")]
    [TestCase("{\"version\":\"zero\",\"policy\":{}}", "version")]
    [TestCase("{\"version\":0,\"policy\":{\"create\":\"<script>\"}}", "policy.create")]
    [TestCase("{\"version\":99999999999999999999999,\"policy\":{}}", "version")]
    public async Task SaveSettings_BadBody_Is400NamingTheField(string body, string field)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        var response = await _client.PutAsync("/audit/settings/events", content);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, body);
        (await response.BodyAsync())["errors"]!.AsObject().Select(e => e.Key).Should().Contain(field);
    }

    [Test]
    public async Task SaveSettings_HugeEntityName_Is400()
    {
        using var content = new StringContent($"{{\"version\":0,\"policy\":{{\"viewLogging\":{{\"{Huge}\":true}}}}}}", System.Text.Encoding.UTF8, "application/json");

        var response = await _client.PutAsync("/audit/settings/events", content);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.BodyAsync())["errors"]!["policy.viewLogging"].Should().NotBeNull();
    }

    [Test]
    public async Task SaveSettings_NotJson_Is415()
    {
        using var content = new StringContent("<xml/>", System.Text.Encoding.UTF8, "text/xml");

        var response = await _client.PutAsync("/audit/settings/events", content);

        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
    }
}
