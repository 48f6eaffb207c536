using AuditKit.Reports.Scheduling;
using AuditKit.Reports.Tests.Support;
using AuditKit.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace AuditKit.Reports.Tests;

/// <summary>Cron schedules in a time zone, run by the hosted service on a fake clock: on time, once after downtime, once among instances.</summary>
public sealed class ScheduleTests
{
    private static readonly DateTimeOffset Day1 = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    private static Task<IHost> StartAsync(TempFolder folder, FakeTimeProvider time, TimeSpan poll) =>
        ReportHost.StartAsync(folder.File("audit.db"), time: time, reports: o =>
        {
            o.ScheduleDirectory = folder.File("out");
            o.SchedulePollInterval = poll;
        });

    private static async Task SaveAsync(IHost host, params ReportSchedule[] schedules)
    {
        var settings = host.Services.GetRequiredService<IAuditSettings>();
        var current = await settings.GetAsync<ReportSchedules>(ReportSchedules.DocumentName);
        var document = new ReportSchedules { Schedules = [.. schedules] };
        document.Validate();
        await settings.SaveAsync(ReportSchedules.DocumentName, document, current.Version);
    }

    private static string[] Files(TempFolder folder) =>
        Directory.Exists(folder.File("out")) ? Directory.GetFiles(folder.File("out")).Select(f => Path.GetFileName(f)).Where(f => !f.EndsWith(".partial", StringComparison.Ordinal)).Order().ToArray() : [];

    /// <summary>Polls once at start-up, then not within a test: the test's own checks are the only ones after that.</summary>
    private static readonly TimeSpan NoPoll = TimeSpan.FromDays(365);

    /// <summary>
    /// Moves the fake clock a step at a time and checks after each step, until the folder holds <paramref name="count"/>
    /// files. With the hosted loop racing a clock advanced on a timer, a loaded machine let the clock pass the next day's
    /// occurrence before the loop's check (a file named for 3 March instead of 2 March).
    /// </summary>
    private static async Task StepUntilFilesAsync(FakeTimeProvider time, ReportScheduler scheduler, TimeSpan step, TempFolder folder, int count, DateTimeOffset notAfter)
    {
        while (Files(folder).Length < count)
        {
            time.GetUtcNow().Should().BeBefore(notAfter, "the occurrence should have run by the first check after it");
            time.Advance(step);
            await scheduler.RunDueAsync(CancellationToken.None);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the condition should hold within 30 s");
            await Task.Delay(50);
        }
    }

    private static async Task<long> CountAsync(IHost host, string action) =>
        await host.Reader().CountAsync(new AuditQuery { Actions = [action] });

    [Test]
    public async Task Scheduler_DailyInTimeZone_RunsAtTheLocalTimeForThePreviousDay()
    {
        using var folder = new TempFolder();
        var time = new FakeTimeProvider(Day1.AddHours(-2));
        using var host = await StartAsync(folder, time, NoPoll);
        var log = host.Log();
        var inRange = await log.RecordAsync(AuditEvents.SettingsChanged("Tax", [new FieldChange("Rate", "19", "21")]) with { Timestamp = Day1.AddHours(-10), Actor = SeedLog.Admin });
        await log.RecordAsync(AuditEvents.SettingsChanged("Tax", [new FieldChange("Rate", "21", "22")]) with { Timestamp = Day1.AddDays(-3), Actor = SeedLog.Admin });
        await SaveAsync(host, new ReportSchedule { Name = "daily-admin", Cron = "0 6 * * *", TimeZone = "America/New_York", Report = AuditReportKind.AdminActivity, Format = AuditReportFormat.Csv });
        var scheduler = host.Services.GetRequiredService<ReportScheduler>();
        (await scheduler.RunDueAsync(CancellationToken.None)).Should().BeEmpty("a schedule seen for the first time waits for its next occurrence");

        // 6 AM in New York on 2 March 2026 (EST, UTC-5) is 11:00 UTC.
        await StepUntilFilesAsync(time, scheduler, TimeSpan.FromMinutes(30), folder, 1, notAfter: Day1.AddHours(12));

        Files(folder).Should().Equal("daily-admin-20260302T1100Z.csv");
        time.GetUtcNow().Should().BeOnOrAfter(Day1.AddHours(11), "nothing runs before 6 AM New York time").And.BeOnOrBefore(Day1.AddHours(12));
        var rows = ReportFiles.Csv(await File.ReadAllBytesAsync(folder.File("out/daily-admin-20260302T1100Z.csv")));
        var edits = await host.Reader().QueryAsync(new AuditQuery { Actions = [AuditActions.SettingsChanged], RecordId = ReportSchedules.DocumentName });
        var edit = edits.Events.Should().ContainSingle("saving the schedules is audited; the scheduler's claims are not settings edits").Subject;
        rows.Select(r => r["Event ID"]).Should().Equal([edit.DisplayId, inRange.DisplayId], "the day before 6 AM New York time: the schedule edit and the tax change, not the older change");
        (await CountAsync(host, AuditActions.ReportGenerated)).Should().Be(1);
        var job = (await host.Reader().QueryAsync(new AuditQuery { Actions = [AuditActions.JobExecuted] })).Events.Should().ContainSingle().Subject;
        (job.Message, job.Outcome, job.Target?.Component).Should().Be(("Scheduled report daily-admin", AuditOutcome.Success, "Reports"));
        await host.StopAsync();
    }

    [Test]
    public async Task Scheduler_FirstLooksAfterAnOccurrenceOfAScheduleSavedBeforeIt_RunsThatOccurrence()
    {
        using var folder = new TempFolder();
        var time = new FakeTimeProvider(Day1.AddHours(5).AddMinutes(55));
        using var host = await StartAsync(folder, time, TimeSpan.FromDays(1));
        var change = await host.Log().RecordAsync(AuditEvents.Updated("Customer", "C-1", changes: [new FieldChange("Name", "a", "b")]) with { Timestamp = Day1.AddHours(1) });
        await SaveAsync(host, new ReportSchedule { Name = "daily-changes", Cron = "0 6 * * *", Report = AuditReportKind.DataChange, Format = AuditReportFormat.JsonLines });

        // Saved at 05:55; the scheduler's first look is at 06:05, after the 06:00 occurrence (a long poll interval, a busy host).
        time.Advance(TimeSpan.FromMinutes(10));
        var scheduler = host.Services.GetRequiredService<ReportScheduler>();
        (await scheduler.RunDueAsync(CancellationToken.None)).Select(Path.GetFileName).Should().Equal("daily-changes-20260302T0600Z.jsonl");

        var lines = ReportFiles.JsonLines(await File.ReadAllBytesAsync(folder.File("out/daily-changes-20260302T0600Z.jsonl")));
        lines[0].GetProperty("parameters").GetProperty("Date range").GetString().Should().Be("2026-03-01 06:00:00.000Z to 2026-03-02 06:00:00.000Z (end exclusive)");
        lines.Where(l => l.GetProperty("record").GetString() == "row").Select(l => l.GetProperty("cells").GetProperty("eventId").GetString()).Should().Equal(change.DisplayId);
        (await scheduler.RunDueAsync(CancellationToken.None)).Should().BeEmpty("the occurrence ran once");
        await host.StopAsync();
    }

    [Test]
    public async Task Scheduler_MissedWhileDown_RunsOnceAtStartUpCoveringTheGap()
    {
        using var folder = new TempFolder();
        var time = new FakeTimeProvider(Day1.AddHours(5));
        var daily = new ReportSchedule { Name = "daily-changes", Cron = "0 6 * * *", Report = AuditReportKind.DataChange, Format = AuditReportFormat.JsonLines };
        var gap = new List<AuditEvent>();
        using (var first = await StartAsync(folder, time, NoPoll))
        {
            await SaveAsync(first, daily);
            var scheduler = first.Services.GetRequiredService<ReportScheduler>();
            await scheduler.RunDueAsync(CancellationToken.None);
            await StepUntilFilesAsync(time, scheduler, TimeSpan.FromHours(1), folder, 1, notAfter: Day1.AddHours(7));
            Files(folder).Should().Equal("daily-changes-20260302T0600Z.jsonl");
            for (var day = 1; day <= 3; day++)
            {
                gap.Add(await first.Log().RecordAsync(AuditEvents.Updated("Customer", $"C-{day}", changes: [new FieldChange("Name", "a", "b")]) with { Timestamp = Day1.AddDays(day).AddHours(1) }));
            }

            await first.StopAsync();
        }

        time.SetUtcNow(Day1.AddDays(3).AddHours(9));
        using var second = await StartAsync(folder, time, TimeSpan.FromHours(1));
        await WaitUntilAsync(() => Files(folder).Length == 2);
        await Task.Delay(300);

        Files(folder).Should().Equal("daily-changes-20260302T0600Z.jsonl", "daily-changes-20260305T0600Z.jsonl");
        var lines = ReportFiles.JsonLines(await File.ReadAllBytesAsync(folder.File("out/daily-changes-20260305T0600Z.jsonl")));
        lines[0].GetProperty("parameters").GetProperty("Date range").GetString().Should().Be("2026-03-02 06:00:00.000Z to 2026-03-05 06:00:00.000Z (end exclusive)");
        lines.Where(l => l.GetProperty("record").GetString() == "row").Select(l => l.GetProperty("cells").GetProperty("eventId").GetString())
            .Should().Equal(Enumerable.Reverse(gap).Select(e => e.DisplayId), "the run covers the days missed since the last claimed run (all three changes, at 01:00 on 3, 4 and 5 March), once");
        (await second.Services.GetRequiredService<ReportScheduler>().RunDueAsync(CancellationToken.None)).Should().BeEmpty();
        await second.StopAsync();
    }

    [Test]
    public async Task Scheduler_TwoHostsOnOneStore_OnlyOneRunsEachOccurrence()
    {
        using var folder = new TempFolder();
        var time = new FakeTimeProvider(Day1.AddHours(4));
        using var a = await StartAsync(folder, time, TimeSpan.FromHours(1));
        using var b = await StartAsync(folder, time, TimeSpan.FromHours(1));
        await SaveAsync(a, new ReportSchedule { Name = "weekly-security", Cron = "0 6 * * *", Report = AuditReportKind.SecurityEvent, Format = AuditReportFormat.Pdf });
        var schedulers = new[] { a, b }.Select(h => h.Services.GetRequiredService<ReportScheduler>()).ToArray();
        await Task.WhenAll(schedulers.Select(s => s.RunDueAsync(CancellationToken.None)));

        for (var day = 0; day < 3; day++)
        {
            // Both instances check at the same moment, on their own and through their hosted loops.
            time.SetUtcNow(Day1.AddDays(day).AddHours(6).AddMinutes(1));
            var written = await Task.WhenAll(schedulers.Select(s => s.RunDueAsync(CancellationToken.None)));
            await WaitUntilAsync(() => Files(folder).Length == day + 1);
            await Task.Delay(200);

            Files(folder).Should().HaveCount(day + 1);
            written.Sum(w => w.Count).Should().BeLessThanOrEqualTo(1);
        }

        (await CountAsync(a, AuditActions.ReportGenerated)).Should().Be(3, "each occurrence ran once across both instances");
        (await CountAsync(a, AuditActions.JobExecuted)).Should().Be(3);
        await a.StopAsync();
        await b.StopAsync();
    }

    [TestCase("Bad Name", "0 6 * * *", "UTC")]
    [TestCase("ok", "not cron", "UTC")]
    [TestCase("ok", "0 6 * * *", "Mars/Olympus")]
    public void Validate_InvalidSchedule_ThrowsNamingTheField(string name, string cron, string zone)
    {
        var act = () => new ReportSchedules { Schedules = [new ReportSchedule { Name = name, Cron = cron, TimeZone = zone }] }.Validate();

        act.Should().Throw<ArgumentException>().WithMessage("ReportSchedules.Schedules[0].*");
    }
}
