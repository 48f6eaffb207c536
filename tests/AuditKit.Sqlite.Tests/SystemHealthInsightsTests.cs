using AuditKit.Sqlite.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AuditKit.Sqlite.Tests;

/// <summary>
/// The System Events screen's figures on a real SQLite store: uptime from heartbeats (a 30-minute outage of one
/// component, another that stopped), job failures, the average response and the recent tables. Expected values are
/// worked out by hand in the comments.
/// </summary>
public sealed class SystemHealthInsightsTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 31, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Day = Now.AddDays(-1);

    private TempFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new TempFolder();

    [TearDown]
    public void RemoveFolder() => _folder.Dispose();

    [Test]
    public async Task SystemHealth_LastDayOfHeartbeatsAndJobs_UptimeFailedJobsResponseAndRecent()
    {
        using var host = await SqliteHost.StartAsync(_folder.File("audit.db"));
        var log = host.Services.GetRequiredService<IAuditLog>();
        var responses = new List<double>();
        for (var minute = 0; minute < 24 * 60; minute++)
        {
            var at = Day.AddMinutes(minute);
            if (minute is < 600 or >= 630)
            {
                // Database: every minute of the day but 10:00–10:29 (1,410 of 1,440)
                var response = minute % 2 == 0 ? 100 : 200;
                responses.Add(response);
                log.Record(AuditEvents.Heartbeat("Database", TimeSpan.FromMilliseconds(response)) with { Timestamp = at });
            }

            if (minute is >= 720 and < 1080)
            {
                // Search: from 12:00 to 17:59 (360), then silent until the end of the day (720 expected from 12:00)
                log.Record(AuditEvents.Heartbeat("Search") with { Timestamp = at });
            }
        }

        var outcomes = new[] { AuditOutcome.Success, AuditOutcome.Success, AuditOutcome.Failure, AuditOutcome.Success, AuditOutcome.Warning, AuditOutcome.Success, AuditOutcome.Success, AuditOutcome.Failure, AuditOutcome.Success, AuditOutcome.Success };
        for (var i = 0; i < outcomes.Length; i++)
        {
            log.Record(AuditEvents.JobExecuted("Scheduled Backup", "Database", outcomes[i]) with { Timestamp = Day.AddHours(i + 1).AddSeconds(30) });
        }

        log.Record(AuditEvents.Error("Search", "Index rebuild failed") with { Timestamp = Day.AddHours(18).AddSeconds(5) });
        await log.FlushAsync();
        var insights = new AuditInsights(host.Services.GetRequiredService<IAuditReader>(), new FakeTimeProvider(Now));

        var health = await insights.GetSystemHealthAsync(new SystemHealthRequest { RecentCount = 5 });

        health.Components.Select(c => (c.Component, c.Heartbeats, c.IsUp)).Should().Equal(("Database", 1410L, true), ("Search", 360L, false));
        health.Components[0].UptimePercent.Should().BeApproximately(100.0 * 1410 / 1440, 1e-9);
        health.Components[1].UptimePercent.Should().BeApproximately(50.0, 1e-9);
        health.Components[0].LastHeartbeat.Should().Be(Day.AddMinutes(24 * 60 - 1));
        health.UptimePercent.Should().BeApproximately(((100.0 * 1410 / 1440) + 50.0) / 2, 1e-9);
        health.Jobs.Should().Be(new JobSummary(Total: 10, Failed: 2, Warnings: 1));
        health.Jobs.FailedPercent.Should().Be(20);
        health.AverageResponse!.Value.TotalMilliseconds.Should().BeApproximately(responses.Average(), 1e-6);
        health.Recent.Select(r => r.Event.Action).Should().Equal(AuditActions.Error, AuditActions.JobExecuted, AuditActions.JobExecuted, AuditActions.JobExecuted, AuditActions.JobExecuted);
        health.Recent.Select(r => r.Status).Should().Equal(AuditSecurityStatus.Warning, AuditSecurityStatus.Success, AuditSecurityStatus.Success, AuditSecurityStatus.Warning, AuditSecurityStatus.Success);
        health.RecentErrors.Select(e => (e.Action, e.Timestamp.Hour)).Should().Equal((AuditActions.Error, 18), (AuditActions.JobExecuted, 8), (AuditActions.JobExecuted, 3));
    }

    [Test]
    public async Task SystemHealth_NoHeartbeats_HasNoUptimeAndNoComponents()
    {
        using var host = await SqliteHost.StartAsync(_folder.File("audit.db"));
        var insights = new AuditInsights(host.Services.GetRequiredService<IAuditReader>(), new FakeTimeProvider(Now));

        var health = await insights.GetSystemHealthAsync();

        health.UptimePercent.Should().BeNull();
        health.Components.Should().BeEmpty();
        health.Jobs.FailedPercent.Should().BeNull();
        health.AverageResponse.Should().BeNull();
    }
}
