using System.Text.Json;
using AuditKit.Sqlite.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace AuditKit.Sqlite.Tests;

/// <summary>
/// The alert engine in real hosts on a real SQLite file: alerts as events and inbox entries, acknowledge and resolve,
/// a restart mid-window, two hosts on one file, tenant scope, rule changes audited, backtests and channel failures.
/// </summary>
public sealed class AlertEngineTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly AuditActor Ann = new("ann", "Ann Example", "ann@example.com", "Clerk");
    private static readonly AuditActor Admin = new("root", "Rita Admin", Role: "Administrator");
    private TempFolder _folder = null!;
    private string _path = null!;

    [SetUp]
    public void CreateFolder()
    {
        _folder = new TempFolder();
        _path = _folder.File("audit.db");
    }

    [TearDown]
    public void RemoveFolder() => _folder.Dispose();

    [Test]
    public async Task FailedLogins_SixFailures_RaiseOneAlertEventAndInboxEntryThatIsAcknowledgedThenResolved()
    {
        using var host = await StartAsync();
        var alerts = host.Services.GetRequiredService<IAuditAlerts>();
        var log = host.Services.GetRequiredService<IAuditLog>();
        var saved = await alerts.SaveRuleAsync("failed-logins", AlertRuleTemplates.FailedLogins(), 0);
        saved.Rule.Revision.Should().Be(1);

        var failures = new List<AuditEvent>();
        for (var i = 0; i < 6; i++)
        {
            failures.Add(await log.RecordAsync(AuditEvents.LoginFailedCounted(Ann, 10) with { Client = new AuditClient("10.1.1.1") }));
        }

        var entry = (await WaitForInboxAsync(alerts, 1)).Single();
        await Task.Delay(1500); // a few more polls: the sixth failure must stay suppressed
        var all = await AlertEventsAsync(host);
        all.Should().HaveCount(1, "the sixth failure is a repeat inside the 10-minute suppression");
        var alert = all[0];
        alert.Category.Should().Be(AuditCategory.Security);
        alert.Risk.Should().Be(RiskLevel.High);
        alert.Actor!.Id.Should().Be("system");
        alert.Metadata["trigger_event_id"].GetString().Should().Be(failures[4].Id.ToString("D"), "the fifth failure completed the rule");
        alert.Metadata["value"].GetDouble().Should().Be(5);
        alert.Message.Should().Be("5 failed logins for Ann Example within 10 minutes (last from 10.1.1.1 at " + failures[4].Timestamp.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " UTC).");
        entry.Status.Should().Be(AlertStatus.Active);
        entry.RuleId.Should().Be("failed-logins");
        entry.Group.Should().Be("actor.id=ann");
        entry.TriggerDisplayId.Should().Be(failures[4].DisplayId);

        var context = host.Services.GetRequiredService<IAuditContextAccessor>();
        using (context.BeginScope(new AuditContext(Admin)))
        {
            var acknowledged = await alerts.AcknowledgeAsync(entry.Id, "looking");
            acknowledged!.Status.Should().Be(AlertStatus.Acknowledged);
            acknowledged.AcknowledgedBy.Should().Be("root");
            var resolved = await alerts.ResolveAsync(entry.Id, "password reset");
            resolved!.Status.Should().Be(AlertStatus.Resolved);
            resolved.ResolvedBy.Should().Be("root");
            resolved.ResolvedAt.Should().BeOnOrAfter(resolved.AcknowledgedAt!.Value);
            (await alerts.ResolveAsync(entry.Id))!.ResolvedAt.Should().Be(resolved.ResolvedAt, "resolving again changes nothing");
            var again = () => alerts.AcknowledgeAsync(entry.Id);
            await again.Should().ThrowAsync<InvalidOperationException>();
        }

        (await alerts.GetInboxAsync(new AlertInboxQuery { Status = AlertStatus.Active })).Alerts.Should().BeEmpty();
        (await alerts.GetInboxAsync(new AlertInboxQuery { Status = AlertStatus.Resolved })).Alerts.Should().ContainSingle();
        await host.StopAsync();
    }

    [Test]
    public async Task SaveRule_Changes_AreVersionedAuditedAndConflictChecked()
    {
        using var host = await StartAsync();
        var alerts = host.Services.GetRequiredService<IAuditAlerts>();
        await alerts.SaveRuleAsync("mass-data-export", AlertRuleTemplates.MassDataExport(), 0);
        await alerts.SaveRuleAsync("account-locked", AlertRuleTemplates.AccountLocked(), 0);
        var paused = AlertRuleTemplates.MassDataExport();
        paused.Active = false;
        (await alerts.SaveRuleAsync("mass-data-export", paused, 1)).Rule.Revision.Should().Be(2);

        var stale = () => alerts.SaveRuleAsync("mass-data-export", AlertRuleTemplates.MassDataExport(), 1);
        (await stale.Should().ThrowAsync<AuditSettingsConflictException>()).Which.ActualVersion.Should().Be(2);
        var invalid = () => alerts.SaveRuleAsync("x", new AlertRule { Name = "x", Threshold = new AlertThreshold { Kind = AlertThresholdKind.Sum } }, 0);
        (await invalid.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("rules[x].threshold.field");
        (await alerts.DeleteRuleAsync("account-locked", 1)).Should().BeTrue();
        (await alerts.GetRulesAsync()).Select(r => r.Id).Should().Equal("mass-data-export");

        var changes = await host.Services.GetRequiredService<IAuditReader>().QueryAsync(new AuditQuery { Actions = [AuditActions.SettingsChanged], RecordId = AlertRules.DocumentName });
        changes.Events.Should().HaveCount(4, "two creations, a pause and a deletion, each a SettingsChanged event");
        changes.Events[1].Changes.Should().Contain(c => c.Field.EndsWith("active", StringComparison.Ordinal) && c.OldValue == "true" && c.NewValue == "false");
        await host.StopAsync();
    }

    [Test]
    public async Task Restart_MidWindow_FiresOnceAndNotAgainAfterAnotherRestart()
    {
        using (var first = await StartAsync())
        {
            await first.Services.GetRequiredService<IAuditAlerts>().SaveRuleAsync("failed-logins", AlertRuleTemplates.FailedLogins(), 0);
            var log = first.Services.GetRequiredService<IAuditLog>();
            AuditEvent last = null!;
            for (var i = 0; i < 3; i++)
            {
                last = await log.RecordAsync(AuditEvents.LoginFailedCounted(Ann, 10));
            }

            await WaitUntilHandledAsync(first, last);
            await first.StopAsync(); // mid-window: 3 of 5
        }

        using (var second = await StartAsync())
        {
            var log = second.Services.GetRequiredService<IAuditLog>();
            await log.RecordAsync(AuditEvents.LoginFailedCounted(Ann, 10));
            var fifth = await log.RecordAsync(AuditEvents.LoginFailedCounted(Ann, 10));
            var inbox = await WaitForInboxAsync(second.Services.GetRequiredService<IAuditAlerts>(), 1);
            inbox.Single().TriggerEventId.Should().Be(fifth.Id, "the three failures before the restart were rebuilt from the store");
            await second.StopAsync();
        }

        using (var third = await StartAsync())
        {
            var sixth = await third.Services.GetRequiredService<IAuditLog>().RecordAsync(AuditEvents.LoginFailedCounted(Ann, 10));
            await WaitUntilHandledAsync(third, sixth);
            (await AlertEventsAsync(third)).Should().HaveCount(1, "the rebuilt state knows the alert was raised: the sixth is suppressed, nothing repeats");
            await third.StopAsync();
        }
    }

    [Test]
    public async Task Crash_AfterTheAlertBeforeThePositionWasSaved_DoesNotRaiseItTwice()
    {
        using (var first = await StartAsync())
        {
            await first.Services.GetRequiredService<IAuditAlerts>().SaveRuleAsync("mass-data-export", AlertRuleTemplates.MassDataExport(), 0);
            var export = await first.Services.GetRequiredService<IAuditLog>().RecordAsync(AuditEvents.Export("Customer", 5000) with { Actor = Ann });
            await WaitForInboxAsync(first.Services.GetRequiredService<IAuditAlerts>(), 1);
            await WaitUntilHandledAsync(first, export);
            await first.StopAsync();
        }

        // As if the host had died between recording the alert and saving the position: the position goes back.
        await using (var store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={_path}" }))
        {
            await store.InitializeAsync();
            var name = AuditSubscriptionLease.DocumentName(AlertOptions.SubscriptionName);
            var document = (await store.GetSettingsAsync(name))!;
            var state = JsonSerializer.Deserialize<AuditSubscriptionState>(document.Json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
            state.Positions = state.Positions.ToDictionary(p => p.Key, _ => 0L);
            state.Owner = null;
            await store.SaveSettingsAsync(document with { Version = document.Version + 1, Json = JsonSerializer.Serialize(state, new JsonSerializerOptions(JsonSerializerDefaults.Web)) });
        }

        using var second = await StartAsync();
        var marker = await second.Services.GetRequiredService<IAuditLog>().RecordAsync(AuditEvents.Login(Ann));
        await WaitUntilHandledAsync(second, marker);
        (await AlertEventsAsync(second)).Should().HaveCount(1, "the export came again, and its alert was already in the store");
        await second.StopAsync();
    }

    [Test]
    public async Task TwoHostsOnOneFile_OneEvaluatesAndEveryTriggerRaisesExactlyOneAlert()
    {
        using var a = await StartAsync();
        using var b = await StartAsync();
        await a.Services.GetRequiredService<IAuditAlerts>().SaveRuleAsync("mass-data-export", AlertRuleTemplates.MassDataExport(), 0);
        var exports = new List<AuditEvent>();
        foreach (var host in new[] { a, b, a, b, a, b })
        {
            exports.Add(await host.Services.GetRequiredService<IAuditLog>().RecordAsync(AuditEvents.Export("Customer", 2000) with { Actor = Ann }));
        }

        await WaitForInboxAsync(a.Services.GetRequiredService<IAuditAlerts>(), 6);
        await Task.Delay(1500);
        var raised = await AlertEventsAsync(a);
        raised.Should().HaveCount(6);
        raised.Select(e => e.Metadata["trigger_event_id"].GetString()).Should().BeEquivalentTo(exports.Select(e => e.Id.ToString("D")), "each export once, whichever host wrote it");
        raised.Select(e => e.StreamId).Distinct().Should().ContainSingle("one instance holds the lease and records every alert");
        exports.Select(e => e.StreamId).Distinct().Should().HaveCount(2);
        await a.StopAsync();
        await b.StopAsync();
    }

    [Test]
    public async Task Inbox_InATenantsScope_ShowsOnlyThatTenantsAlerts()
    {
        using var host = await StartAsync();
        var alerts = host.Services.GetRequiredService<IAuditAlerts>();
        var context = host.Services.GetRequiredService<IAuditContextAccessor>();
        await alerts.SaveRuleAsync("account-locked", AlertRuleTemplates.AccountLocked(), 0);
        var log = host.Services.GetRequiredService<IAuditLog>();
        await log.RecordAsync(AuditEvents.AccountLocked(Ann) with { TenantId = "acme" });
        await log.RecordAsync(AuditEvents.AccountLocked(Ann) with { TenantId = "globex" });
        var both = await WaitForInboxAsync(alerts, 2);
        both.Select(e => e.Group).Should().BeEquivalentTo("tenant=acme, actor.id=ann", "tenant=globex, actor.id=ann");

        using (context.BeginScope(new AuditContext(Admin, TenantId: "acme")))
        {
            var mine = (await alerts.GetInboxAsync(new AlertInboxQuery())).Alerts;
            mine.Should().ContainSingle().Which.TenantId.Should().Be("acme");
            var theirs = both.Single(e => e.TenantId == "globex");
            (await alerts.GetAlertAsync(theirs.Id)).Should().BeNull();
            (await alerts.AcknowledgeAsync(theirs.Id)).Should().BeNull("another tenant's alert is not visible, so not acknowledged");
        }

        (await alerts.GetAlertAsync(both.Single(e => e.TenantId == "globex").Id))!.Status.Should().Be(AlertStatus.Active);
        await host.StopAsync();
    }

    [Test]
    public async Task Backtest_PastPeriod_ListsWhatWouldHaveFiredAndRecordsNothing()
    {
        using var host = await StartAsync();
        var log = host.Services.GetRequiredService<IAuditLog>();
        var t0 = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        // Failures of Ann at 0..5 minutes (six: fires at the fifth, the sixth suppressed), Bob four (never).
        var bob = new AuditActor("bob", "Bob");
        var ann = new List<AuditEvent>();
        for (var i = 0; i < 6; i++)
        {
            ann.Add(await log.RecordAsync(AuditEvents.LoginFailedCounted(Ann, 10) with { Timestamp = t0.AddMinutes(i) }));
        }

        for (var i = 0; i < 4; i++)
        {
            await log.RecordAsync(AuditEvents.LoginFailedCounted(bob, 10) with { Timestamp = t0.AddMinutes(i) });
        }

        var result = await host.Services.GetRequiredService<IAuditAlerts>().BacktestAsync(AlertRuleTemplates.FailedLogins(), t0, t0.AddHours(1));

        result.Alerts.Should().ContainSingle();
        result.Alerts[0].TriggerEventId.Should().Be(ann[4].Id);
        result.Alerts[0].Value.Should().Be(5);
        result.EventsRead.Should().Be(10);
        (await AlertEventsAsync(host)).Should().BeEmpty("a backtest records nothing");
        await host.StopAsync();
    }

    [Test]
    public async Task Backtest_Anomaly_ComparesTheHourWithTheActorsOwnBaselineFromTheStore()
    {
        using var host = await StartAsync();
        var log = host.Services.GetRequiredService<IAuditLog>();
        var now = new DateTimeOffset(2026, 3, 20, 15, 0, 0, TimeSpan.Zero);
        // Baseline: on 10 earlier days, 2 views in the 10:00 hour = 20 events in 10 active hours: 2 per active hour.
        for (var d = 1; d <= 10; d++)
        {
            for (var i = 0; i < 2; i++)
            {
                await log.RecordAsync(AuditEvents.Viewed("Order", $"SO-{d}-{i}") with { Actor = Ann, Timestamp = now.AddDays(-d).AddHours(-5).AddMinutes(i) });
            }
        }

        // Now: 8 views in 15:00-15:08. Factor 3: more than 6 fires at the seventh.
        var burst = new List<AuditEvent>();
        for (var i = 1; i <= 8; i++)
        {
            burst.Add(await log.RecordAsync(AuditEvents.Viewed("Order", $"X-{i}") with { Actor = Ann, Timestamp = now.AddMinutes(i) }));
        }

        var rule = new AlertRule
        {
            Name = "Unusual activity",
            Threshold = new AlertThreshold { Kind = AlertThresholdKind.Anomaly, Factor = 3, AtLeast = 3, Within = TimeSpan.FromHours(1), BaselineDays = 30 },
        };
        var result = await host.Services.GetRequiredService<IAuditAlerts>().BacktestAsync(rule, now, now.AddHours(1));

        result.Alerts.Should().ContainSingle().Which.TriggerEventId.Should().Be(burst[6].Id);
        await host.StopAsync();
    }

    [Test]
    public async Task Channels_OneFailsTwice_IsRetriedWithBackoffRecordedAndTheOtherIsNotHeldUp()
    {
        using var host = await StartAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var failing = new RecordingChannel("flaky", failures: 2) { Clock = time };
        var healthy = new RecordingChannel("steady", failures: 0);
        var log = host.Services.GetRequiredService<IAuditLog>();
        await using var dispatcher = new AlertDispatcher([failing, healthy], log, Microsoft.Extensions.Options.Options.Create(new AlertOptions { DeliveryRetryDelay = TimeSpan.FromSeconds(2) }), time, Microsoft.Extensions.Logging.Abstractions.NullLogger<AlertDispatcher>.Instance);
        var notification = new AlertNotification
        {
            AlertId = Guid.NewGuid(), RuleId = "r", RuleName = "Rule", Priority = AlertPriority.High, Template = AlertTemplate.Default,
            TriggerEvent = AuditEvents.AccountLocked(Ann), Value = 1, Group = "g", TriggeredAt = time.GetUtcNow(),
        };

        dispatcher.Enqueue(notification, ["flaky", "steady", "nowhere"]);

        await WaitUntilAsync(() => healthy.Delivered.Count == 1 && failing.Attempts == 1);
        healthy.Delivered.Should().ContainSingle("the failing channel holds nobody else up");

        // Fake time moves in steps of 100 ms until the third attempt succeeds; each attempt notes the fake time it ran at.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (failing.Delivered.IsEmpty)
        {
            clock.Elapsed.Should().BeLessThan(Patience);
            time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(20);
        }

        var at = failing.AttemptTimes;
        at.Should().HaveCount(3);
        (at[1] - at[0]).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(2)).And.BeLessThan(TimeSpan.FromSeconds(2.2), "the first retry waits 2 s");
        (at[2] - at[1]).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(4)).And.BeLessThan(TimeSpan.FromSeconds(4.2), "the second waits twice as long");

        await log.FlushAsync();
        var errors = await host.Services.GetRequiredService<IAuditReader>().QueryAsync(new AuditQuery { Actions = [AuditActions.Error] });
        errors.Events.Should().HaveCount(3, "two failed attempts on 'flaky' and the unknown channel 'nowhere'");
        errors.Events.Should().OnlyContain(e => e.Category == AuditCategory.System && e.Target!.Component == "Notifications");
        errors.Events.Select(e => e.Metadata["channel"].GetString()).Should().BeEquivalentTo("flaky", "flaky", "nowhere");
        await host.StopAsync();
    }

    private sealed class RecordingChannel(string name, int failures) : IAlertChannel
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<DateTimeOffset> _times = new();
        private int _attempts;

        public TimeProvider? Clock { get; set; }

        public string Name => name;

        public IReadOnlyList<DateTimeOffset> AttemptTimes => [.. _times];

        public int Attempts => Volatile.Read(ref _attempts);

        public System.Collections.Concurrent.ConcurrentQueue<AlertNotification> Delivered { get; } = new();

        public Task SendAsync(AlertNotification notification, CancellationToken cancellationToken)
        {
            _times.Enqueue(Clock?.GetUtcNow() ?? default);
            if (Interlocked.Increment(ref _attempts) <= failures)
            {
                throw new HttpRequestException("503 from the channel");
            }

            Delivered.Enqueue(notification);
            return Task.CompletedTask;
        }
    }

    private Task<IHost> StartAsync() => SqliteHost.StartAsync(_path, s => s.AddAuditKit(a => a.AddAlerts(o => o.PollInterval = TimeSpan.FromMilliseconds(100))));

    private static async Task<IReadOnlyList<AlertInboxEntry>> WaitForInboxAsync(IAuditAlerts alerts, int count)
    {
        IReadOnlyList<AlertInboxEntry> entries = [];
        await WaitUntilAsync(async () => (entries = (await alerts.GetInboxAsync(new AlertInboxQuery())).Alerts).Count >= count);
        return entries;
    }

    private static async Task<IReadOnlyList<AuditEvent>> AlertEventsAsync(IHost host)
    {
        await host.Services.GetRequiredService<IAuditLog>().FlushAsync();
        var page = await host.Services.GetRequiredService<IAuditReader>().QueryAsync(new AuditQuery { Actions = [AuditActions.AlertTriggered], PageSize = 1000 });
        return page.Events;
    }

    // Waits until the alerts subscription's stored position has passed the event.
    private static Task WaitUntilHandledAsync(IHost host, AuditEvent e) => WaitUntilAsync(async () =>
    {
        var document = await host.Services.GetRequiredService<AuditStore>().GetSettingsAsync(AuditSubscriptionLease.DocumentName(AlertOptions.SubscriptionName));
        var state = document is null ? null : JsonSerializer.Deserialize<AuditSubscriptionState>(document.Json, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        return state is not null && state.Positions.GetValueOrDefault(e.StreamId) >= e.Sequence;
    });

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            clock.Elapsed.Should().BeLessThan(Patience, "the condition should hold by now");
            await Task.Delay(50);
        }
    }
}
