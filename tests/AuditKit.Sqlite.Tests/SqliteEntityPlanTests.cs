using AuditKit.Providers;
using AuditKit.Sqlite.Tests.Support;
using AuditKit.Storage.Conformance.Support;

namespace AuditKit.Sqlite.Tests;

/// <summary>
/// A page filtered by entity type asks the roll-ups whether the type is common (which index to walk); the decision is
/// kept for a minute per tenant, range and types. These tests check that it is kept (one probe per filter and minute,
/// counted by the store), that it is not shared between tenants or types, and that a decision gone out of date only
/// picks a slower index: the page is still exactly the events a LINQ oracle picks. The log page also hands its rows to
/// callers that write them out (<see cref="IStoredEventRows"/>) and builds each event from its row when asked.
/// </summary>
[TestFixture]
public sealed class SqliteEntityPlanTests
{
    private static readonly DateTimeOffset Start = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

    private TempFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new TempFolder();

    [TearDown]
    public void RemoveFolder() => _folder.Dispose();

    [Test]
    public async Task QueryAsync_SameEntityFilter_AsksTheRollupsOncePerMinute_PerTenantAndTypes()
    {
        var clock = new ManualClock(Start.AddDays(10));
        await using var store = Store(clock);
        var events = Events(0, 400, i => i % 3 == 0 ? "Invoice" : "Customer", i => i % 2 == 0 ? "A" : "B");
        await StoreSeeder.AppendAsync(store, events);

        var customersOfA = new AuditQuery { EntityTypes = ["Customer"], TenantId = "A", PageSize = 20 };
        await ExpectPage(store, customersOfA, events);
        await ExpectPage(store, customersOfA, events);
        store.EntityPlanProbes.Should().Be(1, "the second page reuses the first page's decision");

        await ExpectPage(store, customersOfA with { TenantId = "B" }, events);
        await ExpectPage(store, customersOfA with { EntityTypes = ["Invoice"] }, events);
        await ExpectPage(store, customersOfA with { To = Start.AddHours(100) }, events);
        store.EntityPlanProbes.Should().Be(4, "another tenant, type or range is its own decision");

        await ExpectPage(store, customersOfA with { RecordId = "R-3" }, events);
        store.EntityPlanProbes.Should().Be(4, "a page filtered by record walks the record index without asking");

        clock.Advance(TimeSpan.FromSeconds(59));
        await ExpectPage(store, customersOfA, events);
        store.EntityPlanProbes.Should().Be(4);
        clock.Advance(TimeSpan.FromSeconds(2));
        await ExpectPage(store, customersOfA, events);
        store.EntityPlanProbes.Should().Be(5, "a decision is kept for one minute");
    }

    [Test]
    public async Task QueryAsync_KeptDecisionOutOfDate_PagesAreStillExact()
    {
        var clock = new ManualClock(Start.AddDays(10));
        await using var store = Store(clock);

        // Customer is every event at first (common: the time index) ...
        var events = Events(0, 100, _ => "Customer", _ => "A");
        var stream = await StoreSeeder.AppendAsync(store, events);
        var query = new AuditQuery { EntityTypes = ["Customer"], PageSize = 25 };
        await ExpectPage(store, query, events);

        // ... then 140 of 40,100 (0.35 %, under SqliteAuditStore.CommonShare: the entity index), while the first decision is still kept.
        var later = Events(100, 40_000, i => i % 1_000 == 0 ? "Customer" : "Invoice", _ => "A");
        await StoreSeeder.AppendAsync(store, later, batchSize: 5_000, streamId: stream);
        events.AddRange(later);
        var page = await ExpectPage(store, query, events);
        await ExpectPage(store, query with { Cursor = page.NextCursor }, events);
        store.EntityPlanProbes.Should().Be(1);

        clock.Advance(TimeSpan.FromMinutes(2));
        page = await ExpectPage(store, query, events);
        await ExpectPage(store, query with { Cursor = page.NextCursor }, events);
        store.EntityPlanProbes.Should().Be(2);
    }

    [Test]
    public async Task QueryAsync_LogPage_HandsItsRows_AndBuildsTheSameEventsFromThem()
    {
        await using var store = Store(new ManualClock(Start.AddDays(10)));
        var events = Events(0, 120, i => i % 2 == 0 ? "Customer" : "Invoice", _ => "A");
        await StoreSeeder.AppendAsync(store, events);

        var page = await ExpectPage(store, new AuditQuery { PageSize = 30 }, events);
        var rows = page.Events.Should().BeAssignableTo<IStoredEventRows>().Subject.Rows;
        rows.Should().HaveCount(30, "the look-ahead row is not part of the page");
        for (var i = 0; i < rows.Count; i++)
        {
            page.Events[i].Should().BeSameAs(page.Events[i], "an event is built once");
            page.Events[i].Id.Should().Be(new Guid(rows[i].Id, bigEndian: true));
            page.Events[i].Should().BeEquivalentTo(rows[i].ToEvent(), o => o.ComparingByMembers<AuditEvent>());
        }

        page.Events.Should().HaveCount(30);
        page.Invoking(p => p.Events[30]).Should().Throw<ArgumentOutOfRangeException>();
    }

    private SqliteAuditStore Store(TimeProvider clock) =>
        new(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={_folder.File("audit.db")}" }, clock);

    // Events one minute apart (distinct times, so newest-first is one order), with types and tenants by index.
    private static List<AuditEvent> Events(int first, int count, Func<int, string> type, Func<int, string> tenant) =>
        Enumerable.Range(first, count).Select(i => new AuditEvent(AuditCategory.RecordChange, AuditActions.Update)
        {
            TenantId = tenant(i),
            Timestamp = Start.AddMinutes(i),
            Target = new AuditTarget(type(i), "R-" + (i % 7).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Actor = new AuditActor("u-" + (i % 5).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        }).ToList();

    // The page must be the newest matching events after the cursor, by LINQ over what was recorded.
    private static async Task<AuditPage> ExpectPage(SqliteAuditStore store, AuditQuery query, List<AuditEvent> recorded)
    {
        var after = query.Cursor is null ? (DateTimeOffset?)null : AuditCursor.FromMicros(AuditCursor.Parse(query.Cursor).TimestampMicros);
        var expected = recorded
            .Where(e => query.EntityTypes is null || query.EntityTypes.Contains(e.Target!.EntityType!))
            .Where(e => query.TenantId is null || e.TenantId == query.TenantId)
            .Where(e => query.RecordId is null || e.Target!.RecordId == query.RecordId)
            .Where(e => query.To is null || e.Timestamp < query.To)
            .Where(e => after is null || e.Timestamp < after)
            .OrderByDescending(e => e.Timestamp)
            .Take(query.PageSize)
            .Select(e => e.Timestamp)
            .ToList();
        var page = await store.QueryAsync(query);
        page.Events.Select(e => e.Timestamp).Should().Equal(expected, $"the page of {query}");
        return page;
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
