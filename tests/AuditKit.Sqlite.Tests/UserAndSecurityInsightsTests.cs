using AuditKit.Sqlite.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AuditKit.Sqlite.Tests;

/// <summary>
/// The User Activity and Security Events screens' figures on a real SQLite store. The user's figures are written out
/// by hand from the events below; the security figures are counted from the generated events with LINQ.
/// </summary>
public sealed class UserAndSecurityInsightsTests
{
    private static readonly DateTimeOffset Day = new(2026, 1, 12, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 1, 31, 0, 0, 0, TimeSpan.Zero);
    private static readonly AuditActor John = new("jsmith", "John Smith", "john@example.com", "Sales Manager");
    private static readonly AuditActor Mike = new("mwilson", "Mike Wilson", Role: "Clerk");
    private static readonly AuditActor Bob = new("bmorrison", "Bob Morrison", Role: "Clerk");
    private static readonly AuditActor Ann = new("ann", "Ann Lee", Role: "Clerk");

    private TempFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new TempFolder();

    [TearDown]
    public void RemoveFolder() => _folder.Dispose();

    [Test]
    public async Task UserActivity_ThirtyDays_TotalsModulesSessionsAndRecent()
    {
        using var host = await SqliteHost.StartAsync(_folder.File("audit.db"));
        var events = new List<AuditEvent>
        {
            // four sessions: s1 4.5 h, s2 4 h, one without session ids 5 h, s4 never logged out
            Login(John, "s1", Day.AddHours(9)), Logout(John, "s1", Day.AddHours(13.5)),
            Login(John, "s2", Day.AddDays(1).AddHours(8)), Logout(John, "s2", Day.AddDays(1).AddHours(12)),
            Login(John, null, Day.AddDays(2).AddHours(9)), Logout(John, null, Day.AddDays(2).AddHours(14)),
            Login(John, "s4", Day.AddDays(3).AddHours(10)),
            At(AuditEvents.Created("Customer", "C-1", "Acme"), John, Day.AddHours(10)),
            At(AuditEvents.Created("Order", "SO-1"), John, Day.AddHours(10.1)),
            At(AuditEvents.Created("Quote", "QT-1"), John, Day.AddHours(10.2)),
            At(AuditEvents.Updated("Customer", "C-1", "Acme"), John, Day.AddHours(11)),
            At(AuditEvents.Updated("Customer", "C-1", "Acme"), John, Day.AddHours(11.1)),
            At(AuditEvents.Updated("Customer", "C-2", "Globex"), John, Day.AddHours(11.2)),
            At(AuditEvents.Updated("Order", "SO-1"), John, Day.AddHours(11.3)),
            At(AuditEvents.Updated("Order", "SO-2"), John, Day.AddHours(11.4)),
            At(AuditEvents.Deleted("Invoice", "INV-1"), John, Day.AddHours(12)),
            At(AuditEvents.Viewed("Order", "SO-1"), John, Day.AddDays(1).AddHours(9)),
            At(AuditEvents.Viewed("Order", "SO-2"), John, Day.AddDays(1).AddHours(9.1)),
            At(AuditEvents.Viewed("Product", "P-1"), John, Day.AddDays(1).AddHours(9.2)),
            At(AuditEvents.Viewed("Product", "P-2"), John, Day.AddDays(1).AddHours(9.3)),
            At(new AuditEvent(AuditCategory.UserAction, AuditActions.ReportGenerated) { Message = "User Access Report" }, John, Day.AddDays(1).AddHours(10)),
            At(new AuditEvent(AuditCategory.UserAction, AuditActions.ReportGenerated) { Message = "Data Change Report" }, John, Day.AddDays(1).AddHours(10.5)),
            At(AuditEvents.Export("Customer", 5000), John, Day.AddDays(2).AddHours(10)),
            At(AuditEvents.LoginFailed(John, 1, 5), John, Day.AddDays(2).AddHours(8)),
            At(AuditEvents.LoginFailed(John, 2, 5), John, Day.AddDays(2).AddHours(8.5)),
            At(AuditEvents.PasswordChanged(John), John, Day.AddDays(4)),
            // not counted: another user, and John before the period
            At(AuditEvents.Created("Customer", "C-9"), Mike, Day.AddHours(10)),
            At(AuditEvents.Created("Customer", "C-8"), John, Day.AddDays(-40)),
        };
        await RecordAsync(host, events);
        var insights = new AuditInsights(host.Services.GetRequiredService<IAuditReader>(), new FakeTimeProvider(Now));

        var activity = await insights.GetUserActivityAsync(new UserActivityRequest { ActorId = "jsmith", TopModules = 3 });

        activity.From.Should().Be(Now.AddDays(-30));
        (activity.TotalActions, activity.RecordsCreated, activity.RecordsModified, activity.RecordsDeleted, activity.RecordsViewed, activity.ReportsGenerated, activity.Exports)
            .Should().Be((26L, 3L, 5L, 1L, 4L, 2L, 1L));
        (activity.FailedLogins, activity.PasswordChanges).Should().Be((2L, 1L));
        (activity.Name, activity.Role).Should().Be(("John Smith", "Sales Manager"));
        activity.ByModule.Should().Equal(
            new ModuleActivity("Session", 9),      // 4 logins, 3 logouts, 2 failed logins
            new ModuleActivity("Customer", 5),     // 1 create, 3 updates, 1 export
            new ModuleActivity("Order", 5),        // 1 create, 2 updates, 2 views
            new ModuleActivity("Other", 7, IsOther: true)); // quote, invoice, 2 products, 2 reports, password change (User)
        activity.Sessions.Should().Be(new SessionSummary(Logins: 4, Completed: 3, AverageLength: TimeSpan.FromHours(4.5), NotLoggedOut: 1));
        activity.Recent.Should().HaveCount(10);
        activity.Recent[0].Action.Should().Be(AuditActions.PasswordChanged);
        activity.Recent.Select(e => e.Timestamp).Should().BeInDescendingOrder();
    }

    [Test]
    public async Task SecurityOverview_Week_CountsRisksFailuresLocksAndRecentStatuses()
    {
        using var host = await SqliteHost.StartAsync(_folder.File("audit.db"));
        var start = Now.AddDays(-6);
        var events = new List<AuditEvent>();
        for (var i = 1; i <= 3; i++)
        {
            events.Add(At(AuditEvents.LoginFailed(Mike, i, 5), Mike, start.AddMinutes(i)));
        }

        for (var i = 1; i <= 5; i++)
        {
            events.Add(At(AuditEvents.LoginFailed(Bob, i, 5), Bob, start.AddHours(1).AddMinutes(i)));
        }

        events.Add(At(AuditEvents.AccountLocked(Bob), Bob, start.AddHours(1).AddMinutes(6)));
        events.Add(At(AuditEvents.AccountLocked(Ann), Ann, start.AddHours(2)));
        events.Add(At(AuditEvents.Login(Ann), Ann, start.AddHours(3))); // unlocked: signed in since
        events.Add(At(AuditEvents.PermissionChanged("Role", "admin", "Admin role"), John, start.AddHours(4)));
        events.Add(At(AuditEvents.ApiKeyCreated("key-1", "Production key"), John, start.AddHours(5)));
        events.Add(At(AuditEvents.TwoFactorEnabled(John), John, start.AddHours(6)));
        events.Add(At(AuditEvents.TwoFactorEnabled(Ann), Ann, start.AddHours(7)));
        events.Add(At(AuditEvents.LoginFailed(Mike, 1, 5), Mike, start.AddDays(-3))); // before the period
        await RecordAsync(host, events);
        var insights = new AuditInsights(host.Services.GetRequiredService<IAuditReader>(), new FakeTimeProvider(Now));

        var overview = await insights.GetSecurityOverviewAsync(new SecurityOverviewRequest { From = start, RecentCount = 5 });

        var stored = (await host.Services.GetRequiredService<IAuditReader>().QueryAsync(new AuditQuery { From = start, To = Now, Categories = [AuditCategory.Security], PageSize = 100 })).Events;
        stored.Should().HaveCount(events.Count(e => e.Category == AuditCategory.Security && e.Timestamp >= start));
        overview.ByAction.Select(c => (c.Key, c.Count)).Should().BeEquivalentTo(stored.GroupBy(e => e.Action).Select(g => (g.Key, (long)g.Count())));
        overview.ByRisk.Select(r => (r.Risk, r.Count)).Should().Equal(
            Enum.GetValues<RiskLevel>().Select(level => (level, (long)stored.Count(e => e.Risk == level))));
        overview.ByRisk.Single(r => r.Risk == RiskLevel.High).Count.Should().Be(4, "Bob's fifth failure, two locks and the permission change");
        overview.MostFailedLogins.Select(c => (c.Key, c.Count)).Should().Equal(("bmorrison", 5L), ("mwilson", 3L));
        overview.LockedAccounts.Should().Equal(new LockedAccount("bmorrison", "Bob Morrison", start.AddHours(1).AddMinutes(6)));
        overview.Recent.Select(r => r.Event.Timestamp).Should().Equal(stored.OrderByDescending(e => e.Timestamp).Take(5).Select(e => e.Timestamp));
        overview.Recent.Should().OnlyContain(r => r.Status == r.Event.SecurityStatus());
        var all = await insights.GetSecurityOverviewAsync(new SecurityOverviewRequest { From = start, RecentCount = 100 });
        all.Recent.Where(r => r.Event.Action == AuditActions.AccountLocked).Select(r => r.Status).Should().Equal(AuditSecurityStatus.Blocked, AuditSecurityStatus.Blocked);
        all.Recent.Where(r => r.Event.Action == AuditActions.LoginFailed).Select(r => r.Status).Should().Equal(
            AuditSecurityStatus.Blocked, // Bob 5/5, newest first
            AuditSecurityStatus.Warning, AuditSecurityStatus.Warning, AuditSecurityStatus.Warning, AuditSecurityStatus.Warning,
            AuditSecurityStatus.Warning, AuditSecurityStatus.Warning, AuditSecurityStatus.Warning); // Mike 3/5 .. 1/5
    }

    private static AuditEvent Login(AuditActor user, string? session, DateTimeOffset at) =>
        AuditEvents.Login(user) with { Timestamp = at, Client = new AuditClient("192.168.1.105", SessionId: session) };

    private static AuditEvent Logout(AuditActor user, string? session, DateTimeOffset at) =>
        AuditEvents.Logout(user) with { Timestamp = at, Client = new AuditClient("192.168.1.105", SessionId: session) };

    private static AuditEvent At(AuditEvent e, AuditActor actor, DateTimeOffset at) => e with { Actor = actor, Timestamp = at };

    private static async Task RecordAsync(IHost host, List<AuditEvent> events)
    {
        var log = host.Services.GetRequiredService<IAuditLog>();
        foreach (var e in events)
        {
            log.Record(e);
        }

        await log.FlushAsync();
    }
}
