using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using AuditKit.AspNetCore.Tests.Support;
using AuditKit.Reports;

namespace AuditKit.AspNetCore.Tests;

/// <summary>
/// GET and PUT /reports/schedules through the real server (Kestrel, cookie sign-in, two tenants): authorization, a round
/// trip of the product page's three schedules with their next runs, the audited save, the tenant scope and hostile input.
/// </summary>
public sealed class ReportScheduleEndpointTests
{
    private const string Route = "/audit/reports/schedules";

    private static object[] PageSchedules(string? tenant = null) =>
    [
        new { name = "monthly-user-access", cron = "0 0 1 * *", timeZone = "UTC", report = "UserAccess", format = "Pdf", channels = new[] { "email:compliance" }, tenantId = tenant },
        new { name = "weekly-security-summary", cron = "0 0 * * MON", timeZone = "UTC", report = "SecurityEvent", format = "Pdf", channels = Array.Empty<string>(), tenantId = tenant },
        new { name = "daily-admin-activity", cron = "0 6 * * *", timeZone = "America/New_York", report = "AdminActivity", format = "Csv", channels = new[] { "webhook:siem" }, tenantId = tenant },
    ];

    [Test]
    public async Task Schedules_AnonymousIs401_ReaderReadsButCannotSave_403AndNothingChanges()
    {
        await using var host = await StartAsync();
        using var anonymous = host.Anonymous();
        using var reader = await host.SignInAsync("auditor-a", "A", "Auditor");

        (await anonymous.GetAsync(Route)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await anonymous.PutAsJsonAsync(Route, new { version = 0, schedules = PageSchedules() })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var read = await reader.GetAsync(Route);
        read.StatusCode.Should().Be(HttpStatusCode.OK);
        ((bool)(await read.BodyAsync())["canEdit"]!).Should().BeFalse("the screen disables Schedule Report for readers");
        (await reader.PutAsJsonAsync(Route, new { version = 0, schedules = PageSchedules() })).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        (await Service(host).GetAsync()).Version.Should().Be(0, "nothing was saved");
        (await host.StoredAsync(new AuditQuery { Actions = [AuditActions.SettingsChanged] })).Should().BeEmpty();
    }

    [Test]
    public async Task Schedules_AdminSavesThePagesThreeSchedules_ReadsThemBackWithNextRuns_TheSaveIsAuditedAndAStaleSaveIs409()
    {
        await using var host = await StartAsync();
        using var admin = await host.SignInAsync("admin-a", "A", "Admin");
        var before = DateTimeOffset.UtcNow;

        var saved = await admin.PutAsJsonAsync(Route, new { version = 0, schedules = PageSchedules() });
        saved.StatusCode.Should().Be(HttpStatusCode.OK);
        ((long)(await saved.BodyAsync())["version"]!).Should().Be(1);
        var body = await (await admin.GetAsync(Route)).BodyAsync();
        var after = DateTimeOffset.UtcNow;

        ((bool)body["canEdit"]!).Should().BeTrue();
        body["channels"]!.AsArray().Select(c => (string)c!).Should().Equal("email:compliance", "webhook:siem");
        var schedules = body["schedules"]!.AsArray().Select(s => s!).ToList();
        schedules.Select(s => ((string)s["schedule"]!["name"]!, (string)s["schedule"]!["report"]!, (string)s["schedule"]!["tenantId"]!))
            .Should().Equal(("monthly-user-access", "UserAccess", "A"), ("weekly-security-summary", "SecurityEvent", "A"), ("daily-admin-activity", "AdminActivity", "A"));
        schedules[0]["schedule"]!["channels"]!.AsArray().Select(c => (string)c!).Should().Equal("email:compliance");
        schedules.Should().OnlyContain(s => s["lastRun"] == null, "nothing ran yet");

        // Oracle for the next runs: calendar arithmetic, not Cronos.
        var firstOfNextMonth = new DateTimeOffset(before.Year, before.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
        NextRun(schedules[0]).Should().Be(firstOfNextMonth);
        var monday = before.UtcDateTime.Date.AddDays(((int)DayOfWeek.Monday - (int)before.UtcDateTime.DayOfWeek + 7) % 7);
        NextRun(schedules[1]).Should().Be(new DateTimeOffset(monday <= before.UtcDateTime ? monday.AddDays(7) : monday, TimeSpan.Zero));
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var next6 = NextRun(schedules[2]);
        TimeZoneInfo.ConvertTime(next6, newYork).TimeOfDay.Should().Be(TimeSpan.FromHours(6));
        next6.Should().BeAfter(before).And.BeOnOrBefore(after.AddDays(1).AddHours(1));

        var change = (await host.StoredAsync(new AuditQuery { Actions = [AuditActions.SettingsChanged] })).Should().ContainSingle().Subject;
        (change.Actor!.Id, change.TenantId, change.Target!.RecordId).Should().Be(("admin-a", "A", ReportSchedules.DocumentName));
        change.Changes.Should().Contain(c => c.NewValue != null && c.NewValue.Contains("monthly-user-access", StringComparison.Ordinal));
        (await host.StoredAsync(new AuditQuery { Actions = [ReadAuditorAction], RecordId = "Report schedules" })).Should().NotBeEmpty("reading the schedules is an audited read");

        var stale = await admin.PutAsJsonAsync(Route, new { version = 0, schedules = Array.Empty<object>() });
        stale.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await Service(host).GetAsync()).Schedules.Should().HaveCount(3);
    }

    [Test]
    public async Task Schedules_AreScopedToTheCallersTenant_BNeitherSeesNorReplacesAs_AndCannotScheduleForA()
    {
        await using var host = await StartAsync();
        using var adminA = await host.SignInAsync("admin-a", "A", "Admin");
        using var adminB = await host.SignInAsync("admin-b", "B", "Admin");
        (await adminA.PutAsJsonAsync(Route, new { version = 0, schedules = PageSchedules() })).StatusCode.Should().Be(HttpStatusCode.OK);

        var seenByB = await (await adminB.GetAsync(Route)).BodyAsync();
        seenByB["schedules"]!.AsArray().Should().BeEmpty();
        ((string?)seenByB["updatedBy"]).Should().BeNull("who saved is another tenant's user");
        var version = (long)seenByB["version"]!;

        var forA = await adminB.PutAsJsonAsync(Route, new { version, schedules = new[] { new { name = "b-weekly", cron = "0 0 * * MON", report = "DataChange", tenantId = "A" } } });
        await ShouldBe400NamingAsync(forA, "schedules[0].tenantId");
        var taken = await adminB.PutAsJsonAsync(Route, new { version, schedules = new[] { new { name = "monthly-user-access", cron = "0 0 1 * *", report = "DataChange" } } });
        await ShouldBe400NamingAsync(taken, "schedules[0].name");
        var own = await adminB.PutAsJsonAsync(Route, new { version, schedules = new[] { new { name = "b-weekly", cron = "0 0 * * MON", report = "DataChange" } } });
        own.StatusCode.Should().Be(HttpStatusCode.OK);
        (await own.BodyAsync())["schedules"]!.AsArray().Select(s => (string)s!["schedule"]!["tenantId"]!).Should().Equal("B");

        var seenByA = await (await adminA.GetAsync(Route)).BodyAsync();
        seenByA["schedules"]!.AsArray().Select(s => (string)s!["schedule"]!["name"]!).Should().Equal("monthly-user-access", "weekly-security-summary", "daily-admin-activity");
        (await Service(host).GetAsync()).Schedules.Select(s => (s.Schedule.Name, s.Schedule.TenantId)).Should().BeEquivalentTo(
            [("monthly-user-access", "A"), ("weekly-security-summary", "A"), ("daily-admin-activity", "A"), ("b-weekly", (string?)"B")]);
    }

    [TestCase("""{"version":0,"schedules":[{"name":"ok","cron":"every day","report":"UserAccess"}]}""", "schedules[0].cron")]
    [TestCase("""{"version":0,"schedules":[{"name":"ok","cron":"0 6 * * * *","report":"UserAccess"}]}""", "schedules[0].cron")]
    [TestCase("""{"version":0,"schedules":[{"name":"ok","cron":"0 6 * * *","timeZone":"Mars/Olympus","report":"UserAccess"}]}""", "schedules[0].timeZone")]
    [TestCase("""{"version":0,"schedules":[{"name":"ok","cron":"0 6 * * *","report":"Bogus"}]}""", "schedules[0].report")]
    [TestCase("""{"version":0,"schedules":[{"name":"ok","cron":"0 6 * * *","report":99}]}""", "schedules[0].report")]
    [TestCase("""{"version":0,"schedules":[{"name":"ok","cron":"0 6 * * *","report":"UserAccess","format":"Docx"}]}""", "schedules[0].format")]
    [TestCase("""{"version":0,"schedules":[{"name":"ok","cron":"0 6 * * *","report":"UserAccess","format":7}]}""", "schedules[0].format")]
    [TestCase("""{"version":0,"schedules":[{"name":"ok","cron":"0 6 * * *","report":"UserAccess","channels":["email:nobody"]}]}""", "schedules[0].channels")]
    [TestCase("""{"version":0,"schedules":[{"name":"ok","cron":"0 6 * * *","report":"UserAccess","channels":["email:compliance","EMAIL:compliance"]}]}""", "schedules[0].channels")]
    [TestCase("""{"version":0,"schedules":[{"name":"<script>alert(1)</script>","cron":"0 6 * * *","report":"UserAccess"}]}""", "schedules[0].name")]
    [TestCase("""{"version":0,"schedules":[{"name":"ok","cron":"0 6 * * *","report":"UserAccess"},{"name":"ok","cron":"0 6 * * *","report":"UserAccess"}]}""", "schedules[1].name")]
    [TestCase("""{"version":0,"schedules":[{"name":"ok","cron":"0 6 * * *","report":"UserAccess","includeSuccessful":false,"includeFailed":false}]}""", "schedules[0].includeFailed")]
    [TestCase("""{"version":0,"schedules":[{"name":"ok","cron":"0 6 * * *","report":"UserAccess","users":[""]}]}""", "schedules[0].users")]
    [TestCase("""{"version":0,"schedules":[null]}""", "schedules[0]")]
    [TestCase("""{"version":0,"schedules":[{"name":"ok","cron":null,"report":"UserAccess"}]}""", "schedules[0].cron")]
    [TestCase("""{"schedules":[]}""", "version")]
    [TestCase("""{"version":-1,"schedules":[]}""", "version")]
    [TestCase("""{"version":0}""", "schedules")]
    [TestCase("""{"version":0,"schedules":{"name":"ok"}}""", "schedules")]
    [TestCase("""not json""", "body")]
    public async Task Save_HostileInput_Is400NamingTheField_AndNothingIsSavedOrRecorded(string json, string field)
    {
        await using var host = await StartAsync();
        using var admin = await host.SignInAsync("admin-a", "A", "Admin");

        var response = await admin.PutAsync(Route, new StringContent(json, Encoding.UTF8, "application/json"));

        await ShouldBe400NamingAsync(response, field);
        (await Service(host).GetAsync()).Version.Should().Be(0);
        (await host.StoredAsync(new AuditQuery { Actions = [AuditActions.SettingsChanged] })).Should().BeEmpty();
    }

    [Test]
    public async Task Save_HugeCronAndZone_Are400WithAShortMessage()
    {
        await using var host = await StartAsync();
        using var admin = await host.SignInAsync("admin-a", "A", "Admin");
        var huge = new string('*', 100_000);

        var cron = await admin.PutAsJsonAsync(Route, new { version = 0, schedules = new[] { new { name = "ok", cron = huge, report = "UserAccess" } } });
        var zone = await admin.PutAsJsonAsync(Route, new { version = 0, schedules = new[] { new { name = "ok", cron = "0 6 * * *", timeZone = huge, report = "UserAccess" } } });

        (await ShouldBe400NamingAsync(cron, "schedules[0].cron")).Length.Should().BeLessThan(400);
        (await ShouldBe400NamingAsync(zone, "schedules[0].timeZone")).Length.Should().BeLessThan(400);
    }

    [Test]
    public async Task WithoutReports_TheScheduleEndpointsAre404()
    {
        await using var host = await AuditWebHost.StartAsync();
        using var admin = await host.SignInAsync("admin-a", "A", "Admin");

        (await admin.GetAsync(Route)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await admin.PutAsJsonAsync(Route, new { version = 0, schedules = PageSchedules() })).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task OpenApiDocument_DescribesTheScheduleEndpoints()
    {
        await using var host = await StartAsync();
        using var reader = await host.SignInAsync("auditor-a", "A", "Auditor");

        var document = await (await reader.GetAsync("/openapi/v1.json")).BodyAsync();

        var path = document["paths"]!["/audit/reports/schedules"]!;
        ((string)path["get"]!["operationId"]!).Should().Be("AuditKit.GetReportSchedules");
        ((string)path["put"]!["operationId"]!).Should().Be("AuditKit.SaveReportSchedules");
        path["put"]!["requestBody"]!["content"]!["application/json"].Should().NotBeNull();
        path["put"]!["responses"]!["409"].Should().NotBeNull();
        path["put"]!["responses"]!["400"].Should().NotBeNull();
    }

    private const string ReadAuditorAction = "AuditLogRead";

    private static DateTimeOffset NextRun(JsonNode schedule) => DateTimeOffset.Parse((string)schedule["nextRun"]!, System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<string> ShouldBe400NamingAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, text);
        var errors = JsonNode.Parse(text)!["errors"]!.AsObject();
        errors.Select(e => e.Key).Should().Equal([field], text);
        return (string)errors[field]![0]!;
    }

    private static IAuditReportSchedules Service(AuditWebHost host) => host.Services.GetRequiredService<IAuditReportSchedules>();

    // Two report channels by name (the API validates names against the registered ones; sending is ReportDeliveryTests').
    private static Task<AuditWebHost> StartAsync() =>
        AuditWebHost.StartAsync(services: b =>
        {
            b.Services.AddAuditKit(a => a.AddReports());
            b.Services.AddSingleton<IReportChannel>(new NamedChannel("email:compliance"));
            b.Services.AddSingleton<IReportChannel>(new NamedChannel("webhook:siem"));
        });

    private sealed class NamedChannel(string name) : IReportChannel
    {
        public string Name => name;

        public Task SendAsync(ReportDelivery delivery, CancellationToken cancellationToken) => throw new InvalidOperationException("No report runs in these tests.");
    }
}
