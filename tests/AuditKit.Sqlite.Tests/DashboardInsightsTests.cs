using AuditKit.Sqlite.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AuditKit.Sqlite.Tests;

/// <summary>
/// The dashboard's figures on a real SQLite store, computed at a fixed "now" on the day daylight saving time starts
/// in New York (2026-03-08: 02:00 EST becomes 03:00 EDT). The period boundaries below are written out by hand, and
/// the expected counts are counted from the generated events with LINQ, independently of the store and of
/// AuditKit's calendar code.
/// </summary>
public sealed class DashboardInsightsTests
{
    private static readonly TimeSpan Est = TimeSpan.FromHours(-5);
    private static readonly TimeSpan Edt = TimeSpan.FromHours(-4);
    private static readonly DateTimeOffset Now = new(2026, 3, 8, 15, 0, 0, Edt); // Sunday, 19:00 UTC
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private TempFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new TempFolder();

    [TearDown]
    public void RemoveFolder() => _folder.Dispose();

    [Test]
    public async Task Dashboard_OnTheDayDstStarts_CountsPeriodsAgainstTheSameSpanBeforeAndListsHighPriorityEvents()
    {
        var events = Generate();
        using var host = await SqliteHost.StartAsync(_folder.File("audit.db"));
        var log = host.Services.GetRequiredService<IAuditLog>();
        foreach (var e in events)
        {
            log.Record(e);
        }

        await log.FlushAsync();
        var insights = new AuditInsights(host.Services.GetRequiredService<IAuditReader>(), new FakeTimeProvider(Now));

        var dashboard = await insights.GetDashboardAsync(new DashboardRequest { TimeZone = NewYork, StorageCapacityBytes = 10L << 30 });

        // Today: local midnight was still EST; yesterday up to the same wall-clock time (15:00 EST).
        Expect(dashboard.Today, events,
            from: new DateTimeOffset(2026, 3, 8, 0, 0, 0, Est), previousFrom: new DateTimeOffset(2026, 3, 7, 0, 0, 0, Est), previousTo: new DateTimeOffset(2026, 3, 7, 15, 0, 0, Est));
        // This week: Monday 2 March; last week: Monday 23 February to Sunday 1 March 15:00.
        Expect(dashboard.ThisWeek, events,
            from: new DateTimeOffset(2026, 3, 2, 0, 0, 0, Est), previousFrom: new DateTimeOffset(2026, 2, 23, 0, 0, 0, Est), previousTo: new DateTimeOffset(2026, 3, 1, 15, 0, 0, Est));
        // This month: 1 March; last month: 1 February to 8 February 15:00.
        Expect(dashboard.ThisMonth, events,
            from: new DateTimeOffset(2026, 3, 1, 0, 0, 0, Est), previousFrom: new DateTimeOffset(2026, 2, 1, 0, 0, 0, Est), previousTo: new DateTimeOffset(2026, 2, 8, 15, 0, 0, Est));

        var month = events.Where(e => e.Timestamp >= new DateTimeOffset(2026, 3, 1, 0, 0, 0, Est) && e.Timestamp < Now).ToList();
        dashboard.ActivityByCategory.Select(c => (c.Category, c.Count)).Should().BeEquivalentTo(
            month.GroupBy(e => e.Category).Select(g => (g.Key, (long)g.Count())));
        dashboard.ActivityByCategory.Sum(c => c.Percent).Should().BeApproximately(100, 1e-9);
        dashboard.ActivityByCategory.Select(c => c.Count).Should().BeInDescendingOrder();

        dashboard.StorageUsedBytes.Should().Be((await host.Services.GetRequiredService<IAuditReader>().GetStorageInfoAsync()).SizeBytes).And.BeGreaterThan(0);
        dashboard.StorageUsedPercent.Should().BeApproximately(100.0 * dashboard.StorageUsedBytes / (10L << 30), 1e-9);

        dashboard.RecentHighPriority.Select(h => (h.Summary, h.When)).Should().Equal(
            ("Failed login attempts (5) - John's account", "10 min ago"),
            ("Permission change - Admin role modified", "2 hours ago"),
            ("Large data export - Customer list (5,000 records)", "Today"),
            ("API key generated - New production key", "Yesterday"));
    }

    [Test]
    public async Task Dashboard_WithoutEvents_HasZeroCountsAndNoChangePercent()
    {
        using var host = await SqliteHost.StartAsync(_folder.File("audit.db"));
        var insights = new AuditInsights(host.Services.GetRequiredService<IAuditReader>(), new FakeTimeProvider(Now));

        var dashboard = await insights.GetDashboardAsync();

        dashboard.Today.Count.Should().Be(0);
        dashboard.Today.ChangePercent.Should().BeNull("there is nothing to compare with");
        dashboard.ActivityByCategory.Should().BeEmpty();
        dashboard.RecentHighPriority.Should().BeEmpty();
        dashboard.StorageUsedPercent.Should().BeNull("no capacity was given");
    }

    private static void Expect(PeriodCount period, List<AuditEvent> events, DateTimeOffset from, DateTimeOffset previousFrom, DateTimeOffset previousTo)
    {
        period.From.Should().Be(from);
        period.To.Should().Be(Now);
        period.PreviousFrom.Should().Be(previousFrom);
        period.PreviousTo.Should().Be(previousTo);
        period.Count.Should().Be(events.Count(e => e.Timestamp >= from && e.Timestamp < Now));
        period.PreviousCount.Should().Be(events.Count(e => e.Timestamp >= previousFrom && e.Timestamp < previousTo));
        period.PreviousCount.Should().BeGreaterThan(0);
        period.ChangePercent.Should().BeApproximately(100.0 * (period.Count - period.PreviousCount) / period.PreviousCount, 1e-9);
    }

    // Every 17 minutes from 20 January to just before now, categories in turn, no high risk; then the four
    // high-priority events the page lists, at known distances from now.
    private static List<AuditEvent> Generate()
    {
        var categories = new[] { AuditCategory.RecordChange, AuditCategory.RecordChange, AuditCategory.UserAction, AuditCategory.System, AuditCategory.Security, AuditCategory.RecordChange, AuditCategory.UserAction };
        var events = new List<AuditEvent>();
        var i = 0;
        for (var t = new DateTimeOffset(2026, 1, 20, 0, 0, 0, TimeSpan.Zero); t < Now; t = t.AddMinutes(17), i++)
        {
            events.Add(new AuditEvent(categories[i % categories.Length], "Work") { Timestamp = t, Risk = RiskLevel.Low, Message = $"event {i}" });
        }

        events.Add(AuditEvents.LoginFailed(new AuditActor("jsmith", "John Smith", "john@example.com", "Sales Manager"), 5, 5) with { Timestamp = Now.AddMinutes(-10) });
        events.Add(AuditEvents.PermissionChanged("Role", "admin", "Admin role") with { Timestamp = Now.AddMinutes(-125) });
        events.Add(AuditEvents.Export("Customer", 5000) with { Timestamp = new DateTimeOffset(2026, 3, 8, 1, 0, 0, Est), Risk = RiskLevel.High });
        events.Add(AuditEvents.ApiKeyCreated("key-9", "New production key") with { Timestamp = new DateTimeOffset(2026, 3, 7, 12, 0, 0, Est), Risk = RiskLevel.High });
        return events;
    }
}
