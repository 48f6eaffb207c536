using System.Globalization;
using AuditKit.Browser.Tests.Support;
using AuditKit.Reports;

namespace AuditKit.Browser.Tests;

/// <summary>
/// The Reports screen's "Scheduled Reports" and "Schedule Report" on a host with <c>audit.AddReports()</c> (a schedule
/// folder, a registered report channel): an administrator schedules a report and sees it listed with its cadence in
/// words and its next run in his zone (New York), a bad cron expression is refused; a reader sees the schedules with
/// their last run but cannot schedule.
/// </summary>
public sealed class ReportSchedulesScreenTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private UiHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync() =>
        _host = await UiHost.StartAsync(reports: true, configure: b =>
        {
            b.Services.AddAuditKit(a => a.AddReports(o =>
            {
                o.ScheduleDirectory = Path.Combine(Path.GetTempPath(), "auditkit-ui-schedules-" + Guid.NewGuid().ToString("N"));
                o.SchedulePollInterval = TimeSpan.FromSeconds(1);
            }));
            b.Services.AddSingleton<IReportChannel>(new NamedChannel("email:compliance"));
        });

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    private IAuditReportSchedules Schedules => _host.Services.GetRequiredService<IAuditReportSchedules>();

    [Test]
    public async Task Admin_SchedulesAReport_AndSeesItListedWithItsCadenceAndNextRunInHisZone_ABadCronIsRefused()
    {
        // The product page's three schedules, tenant A's (saved outside a tenant's scope, as a store-wide operator would).
        await Schedules.SaveAsync(
        [
            new ReportSchedule { Name = "monthly-user-access", Cron = "0 0 1 * *", Report = AuditReportKind.UserAccess, TenantId = "A" },
            new ReportSchedule { Name = "weekly-security-summary", Cron = "0 0 * * MON", Report = AuditReportKind.SecurityEvent, TenantId = "A" },
            new ReportSchedule { Name = "daily-admin-activity", Cron = "0 6 * * *", TimeZone = "America/New_York", Report = AuditReportKind.AdminActivity, Format = AuditReportFormat.Csv, TenantId = "A" },
        ], (await Schedules.GetAsync()).Version);
        await using var screen = await ScreenPage.OpenAsync("a-admin", "A", "Admin", _host);
        await screen.GoAsync("#/reports", "Audit Compliance Reports");

        var rows = screen.Page.Locator("#schedule-list tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions.Expect(Row(screen, "monthly-user-access")).ToContainTextAsync("Monthly User Access");
        await Assertions.Expect(Row(screen, "monthly-user-access").Locator(".schedule-cadence")).ToHaveTextAsync("1st of month");
        await Assertions.Expect(Row(screen, "weekly-security-summary").Locator(".schedule-cadence")).ToHaveTextAsync("Every Monday");
        await Assertions.Expect(Row(screen, "daily-admin-activity").Locator(".schedule-cadence")).ToHaveTextAsync("Daily at 6 AMAmerica/New_York");
        await Assertions.Expect(Row(screen, "monthly-user-access")).ToContainTextAsync("Not run yet");

        // The next run of "1st of month" (midnight UTC) in the viewer's zone: the evening before in New York.
        var now = DateTimeOffset.UtcNow;
        var next = TimeZoneInfo.ConvertTime(new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1), NewYork);
        var nextCell = Row(screen, "monthly-user-access").Locator(".schedule-next");
        await Assertions.Expect(nextCell).ToContainTextAsync(next.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture));
        await Assertions.Expect(nextCell).ToContainTextAsync(next.ToString("h:mm:ss tt", CultureInfo.InvariantCulture));

        await screen.Page.GetByLabel("Scheduled report", new() { Exact = true }).SelectOptionAsync("DataChange");
        await screen.Page.GetByLabel("Cadence", new() { Exact = true }).SelectOptionAsync("weekly");
        await screen.Page.GetByLabel("Weekday", new() { Exact = true }).SelectOptionAsync("FRI");
        await screen.Page.GetByLabel("Time", new() { Exact = true }).FillAsync("07:30");
        await screen.Page.GetByLabel("Time zone", new() { Exact = true }).FillAsync("Europe/Berlin");
        await screen.Page.GetByLabel("Output", new() { Exact = true }).SelectOptionAsync("Csv");
        await screen.Page.GetByLabel("email:compliance", new() { Exact = true }).CheckAsync();
        await Assertions.Expect(screen.Page.GetByLabel("Schedule name", new() { Exact = true })).ToHaveValueAsync("weekly-data-change");
        await screen.Page.GetByRole(AriaRole.Button, new() { Name = "Schedule Report" }).ClickAsync();

        await Assertions.Expect(screen.Page.Locator("#schedule-message")).ToHaveTextAsync("Scheduled weekly-data-change: Every Friday at 7:30 AM.");
        await Assertions.Expect(rows).ToHaveCountAsync(4);
        await Assertions.Expect(Row(screen, "weekly-data-change").Locator(".schedule-cadence")).ToHaveTextAsync("Every Friday at 7:30 AMEurope/Berlin");
        await Assertions.Expect(Row(screen, "weekly-data-change")).ToContainTextAsync("email:compliance");
        var saved = (await Schedules.GetAsync()).Schedules.Single(s => s.Schedule.Name == "weekly-data-change").Schedule;
        (saved.Cron, saved.TimeZone, saved.Report, saved.Format, saved.TenantId).Should().Be(("30 7 * * FRI", "Europe/Berlin", AuditReportKind.DataChange, AuditReportFormat.Csv, "A"));
        saved.Channels.Should().Equal("email:compliance");
        var change = (await _host.Reader.QueryAsync(new AuditQuery { Actions = [AuditActions.SettingsChanged], RecordId = ReportSchedules.DocumentName, ActorIds = ["a-admin"] })).Events;
        change.Should().ContainSingle("the screen's save is audited with the administrator as actor").Which.TenantId.Should().Be("A");
        await screen.ScreenshotAsync("report-schedules");
        await screen.ShouldBeCleanAsync();
        await screen.ShouldHaveLabelledControlsAsync();

        await screen.Page.GetByLabel("Cadence", new() { Exact = true }).SelectOptionAsync("custom");
        await screen.Page.GetByLabel("Cron expression", new() { Exact = true }).FillAsync("every day at six");
        await screen.Page.GetByLabel("Schedule name", new() { Exact = true }).FillAsync("bad-cron");
        await screen.Page.GetByRole(AriaRole.Button, new() { Name = "Schedule Report" }).ClickAsync();

        await Assertions.Expect(screen.Page.Locator("#schedule-message")).ToContainTextAsync("schedules[4].cron");
        await Assertions.Expect(screen.Page.Locator("#schedule-message")).ToContainTextAsync("is not a five-field cron expression");
        await Assertions.Expect(rows).ToHaveCountAsync(4);
        (await Schedules.GetAsync()).Schedules.Should().HaveCount(4, "nothing was saved");
        screen.ConsoleErrors.Should().OnlyContain(e => e.Contains("400", StringComparison.Ordinal), "the only error is the refused save");
        screen.PageErrors.Should().BeEmpty();
        (await screen.CspViolationsAsync()).Should().BeEmpty();
    }

    [Test]
    public async Task Reader_SeesTheSchedulesWithTheirLastRun_ButCannotSchedule()
    {
        // A schedule of tenant A every minute: the scheduler notes it, then runs it at the next minute into the folder.
        var current = await Schedules.GetAsync();
        await Schedules.SaveAsync([.. current.Schedules.Select(s => s.Schedule), new ReportSchedule { Name = "every-minute", Cron = "* * * * *", Report = AuditReportKind.AdminActivity, Format = AuditReportFormat.Csv, TenantId = "A" }], current.Version);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while ((await Schedules.GetAsync()).Schedules.Single(s => s.Schedule.Name == "every-minute").LastRun is null)
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the schedule runs within a minute or two");
            await Task.Delay(500);
        }

        var run = (await Schedules.GetAsync()).Schedules.Single(s => s.Schedule.Name == "every-minute").LastRun!;
        await using var screen = await ScreenPage.OpenAsync("a-auditor", "A", "Auditor", _host);
        await screen.GoAsync("#/reports", "Audit Compliance Reports");

        var last = Row(screen, "every-minute").Locator(".schedule-last");
        await Assertions.Expect(last).ToContainTextAsync("✓ Success");
        await Assertions.Expect(last).ToContainTextAsync(run.FileName!);
        await Assertions.Expect(Row(screen, "every-minute").Locator(".schedule-cadence")).ToHaveTextAsync("Cron: * * * * *");
        await Assertions.Expect(screen.Page.Locator("#schedule-controls")).ToHaveAttributeAsync("disabled", "");
        await Assertions.Expect(screen.Page.GetByLabel("Scheduled report", new() { Exact = true })).ToBeDisabledAsync();
        await Assertions.Expect(screen.Page.GetByRole(AriaRole.Button, new() { Name = "Schedule Report" })).ToBeDisabledAsync();
        await Assertions.Expect(screen.Page.Locator("#schedule-readonly")).ToContainTextAsync("needs the administrator policy");
        await Assertions.Expect(Row(screen, "every-minute").GetByRole(AriaRole.Button, new() { Name = "Remove schedule every-minute" })).ToBeDisabledAsync();
        await screen.ShouldBeCleanAsync();
        await screen.ShouldHaveLabelledControlsAsync();
    }

    [Test]
    public async Task TenantBAdmin_SeesNoneOfTenantAsSchedules()
    {
        await using var screen = await ScreenPage.OpenAsync("b-admin", "B", "Admin", _host);
        await screen.GoAsync("#/reports", "Audit Compliance Reports");

        await Assertions.Expect(screen.Page.Locator("#schedule-list tbody")).ToHaveTextAsync("No reports are scheduled.");
        await screen.ShouldBeCleanAsync();
    }

    private static ILocator Row(ScreenPage screen, string name) => screen.Page.Locator($"#schedule-list tr[data-schedule='{name}']");

    private sealed class NamedChannel(string name) : IReportChannel
    {
        public string Name => name;

        public Task SendAsync(ReportDelivery delivery, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
