using AuditKit.Sqlite.Tests.Support;
using AuditKit.Storage.Conformance.Support;
using Dapper;
using Microsoft.Data.Sqlite;

namespace AuditKit.Sqlite.Tests;

/// <summary>
/// The log viewer's page query reads through <see cref="SqliteReadPool"/>: pooled read-only connections that keep their
/// prepared statements. These tests check what reuse could break: a kept statement must see events written after it
/// was prepared, more filter shapes than a connection keeps must still answer exactly, list filters bind every value,
/// the tenant scope holds, and the pool's connections cannot write. Expected pages come from LINQ over the generated events.
/// </summary>
[TestFixture]
public sealed class SqliteReadPoolTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private TempFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new TempFolder();

    [TearDown]
    public void RemoveFolder() => _folder.Dispose();

    [Test]
    public async Task QueryAsync_EventsWrittenAfterAPageWasRead_AppearOnTheNextPageRead()
    {
        await using var store = Store();
        var first = EventGenerator.Generate(300, Start, TimeSpan.FromDays(1), seed: 3);
        var stream = await StoreSeeder.AppendAsync(store, first);
        var query = new AuditQuery { PageSize = 20 };
        var before = await store.QueryAsync(query);

        var later = EventGenerator.Generate(40, Start.AddDays(2), TimeSpan.FromHours(1), seed: 4);
        await StoreSeeder.AppendAsync(store, later, streamId: stream);
        var after = await store.QueryAsync(query);

        before.Events.Select(e => e.Id).Should().Equal(Newest(first, query).Select(e => e.Id));
        after.Events.Select(e => e.Id).Should().Equal(Newest(first.Concat(later), query).Select(e => e.Id), "a kept statement reads the database as it is now");
    }

    [Test]
    public async Task QueryAsync_MoreFilterShapesThanAConnectionKeeps_EachAnswersExactly_Twice()
    {
        await using var store = Store();
        var events = EventGenerator.Generate(2_000, Start, TimeSpan.FromDays(5), seed: 11);
        await StoreSeeder.AppendAsync(store, events);

        // Distinct SQL shapes: one to four actors (IN lists of each length), each with and without a tenant, a role,
        // a category list and a risk floor: 4 × 2 × 2 × 2 × 2 = 64 shapes, twice SqliteReadPool.MaxStatements.
        var queries = new List<AuditQuery>();
        for (var actors = 1; actors <= 4; actors++)
        {
            foreach (var tenant in new[] { null, "acme" })
            {
                foreach (var role in new[] { null, "Accountant" })
                {
                    foreach (var categories in new AuditCategory[]?[] { null, [AuditCategory.RecordChange, AuditCategory.Security] })
                    {
                        foreach (var risk in new RiskLevel?[] { null, RiskLevel.Medium })
                        {
                            queries.Add(new AuditQuery
                            {
                                ActorIds = EventGenerator.Actors.Take(actors).ToList(),
                                TenantId = tenant,
                                Roles = role is null ? null : [role],
                                Categories = categories,
                                MinimumRisk = risk,
                                PageSize = 25,
                            });
                        }
                    }
                }
            }
        }

        queries.Count.Should().BeGreaterThanOrEqualTo(2 * SqliteReadPool.MaxStatements);
        for (var round = 0; round < 2; round++)
        {
            foreach (var query in queries)
            {
                var page = await store.QueryAsync(query);
                page.Events.Select(e => e.Id).Should().Equal(Newest(events, query).Select(e => e.Id), $"round {round}, {Describe(query)}");
            }
        }
    }

    [Test]
    public async Task QueryAsync_TenantScope_NeverReturnsAnotherTenantsEvent_OnEveryPage()
    {
        await using var store = Store();
        var events = EventGenerator.Generate(1_500, Start, TimeSpan.FromDays(3), seed: 21);
        await StoreSeeder.AppendAsync(store, events);

        foreach (var tenant in EventGenerator.Tenants)
        {
            var seen = new List<AuditEvent>();
            string? cursor = null;
            do
            {
                var page = await store.QueryAsync(new AuditQuery { TenantId = tenant, PageSize = 97, Cursor = cursor });
                seen.AddRange(page.Events);
                cursor = page.NextCursor;
            }
            while (cursor is not null);

            seen.Should().OnlyContain(e => e.TenantId == tenant);
            seen.Select(e => e.Id).Should().Equal(Newest(events, new AuditQuery { TenantId = tenant, PageSize = int.MaxValue }).Select(e => e.Id));
        }
    }

    [Test]
    public async Task Query_AStatementThatWouldWrite_IsRefused_AndTheStoreIsUnchanged()
    {
        await using var store = Store();
        var events = EventGenerator.Generate(100, Start, TimeSpan.FromDays(1), seed: 5);
        await StoreSeeder.AppendAsync(store, events);
        using var pool = new SqliteReadPool(_folder.File("audit.db"));

        var write = () => pool.Query("DELETE FROM audit_events WHERE key > @key;", Parameters(("key", 0L)), 1, CancellationToken.None);

        write.Should().Throw<SqliteException>().Which.SqliteErrorCode.Should().Be(SQLitePCL.raw.SQLITE_READONLY);
        (await store.CountAsync(new AuditQuery())).Should().Be(events.Count);
    }

    private SqliteAuditStore Store() => new(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={_folder.File("audit.db")}" });

    // The oracle: the documented matching rules over the generated events, newest first (time, then stream position).
    private static List<AuditEvent> Newest(IEnumerable<AuditEvent> events, AuditQuery query) =>
        events.Where(e => (query.TenantId is null || e.TenantId == query.TenantId)
                && (query.ActorIds is null || query.ActorIds.Contains(e.Actor?.Id))
                && (query.Roles is null || query.Roles.Contains(e.Actor?.Role))
                && (query.Categories is null || query.Categories.Contains(e.Category))
                && (query.MinimumRisk is not { } risk || e.Risk >= risk))
            .OrderByDescending(e => e.Timestamp).ThenByDescending(e => e.StreamId).ThenByDescending(e => e.Sequence)
            .Take(query.PageSize)
            .ToList();

    private static string Describe(AuditQuery q) =>
        $"actors {q.ActorIds?.Count}, tenant {q.TenantId ?? "-"}, role {q.Roles?.FirstOrDefault() ?? "-"}, categories {q.Categories?.Count ?? 0}, risk {q.MinimumRisk?.ToString() ?? "-"}";

    private static DynamicParameters Parameters(params (string Name, object Value)[] values)
    {
        var parameters = new DynamicParameters();
        foreach (var (name, value) in values)
        {
            parameters.Add(name, value);
        }

        return parameters;
    }
}
