using AuditKit.Benchmarks.Support;
using AuditKit.Sqlite;
using AuditKit.Storage.Conformance.Support;
using BenchmarkDotNet.Attributes;

namespace AuditKit.Benchmarks;

/// <summary>
/// The audit screens' queries on a generated 1,000,000-event SQLite database (90 days; built once into the
/// temp folder and reused). Targets: log-viewer page (range + user + action) ≤ 5 ms, free-text page ≤ 20 ms,
/// count over 30 days ≤ 10 ms, dashboard aggregates ≤ 20 ms, record history ≤ 1 ms.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class QueryBenchmarks
{
    private const int EventCount = 1_000_000;
    private static readonly DateTimeOffset End = BenchmarkData.Start.AddDays(90);
    private SqliteAuditStore _store = null!;
    private Guid _someId;

    /// <summary>The generated 1,000,000-event database, built on first use and kept in the temp folder.</summary>
    internal static string MillionEventDatabase()
    {
        var path = Path.Combine(Path.GetTempPath(), "auditkit-bench", $"query-{EventCount}-v{SqliteSchema.LatestVersion}b.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (!File.Exists(path))
        {
            Build(path + ".tmp").GetAwaiter().GetResult();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Move(path + ".tmp", path);
        }

        return path;
    }

    [GlobalSetup]
    public void Setup()
    {
        var path = MillionEventDatabase();
        _store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={path}" });
        _someId = _store.QueryAsync(new AuditQuery { From = End.AddDays(-45), PageSize = 1 }).GetAwaiter().GetResult().Events[0].Id;
    }

    [GlobalCleanup]
    public void Cleanup() => _store.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public Task<AuditPage> LogViewerPage_RangeUserAction() =>
        _store.QueryAsync(new AuditQuery { From = End.AddDays(-30), To = End, ActorIds = ["jsmith"], Actions = [AuditActions.Update] });

    [Benchmark]
    public Task<AuditPage> LogViewerPage_Range() =>
        _store.QueryAsync(new AuditQuery { From = End.AddDays(-7), To = End });

    [Benchmark]
    public Task<AuditPage> FreeTextPage_CommonWord() =>
        _store.QueryAsync(new AuditQuery { Text = "warehouse" });

    [Benchmark]
    public Task<AuditPage> FreeTextPage_PrefixOfCommonWord() =>
        _store.QueryAsync(new AuditQuery { Text = "wareh*" });

    [Benchmark]
    public Task<AuditPage> FreeTextPage_RecordIdWithinRange() =>
        _store.QueryAsync(new AuditQuery { From = End.AddDays(-30), To = End, Text = "CUS-17" });

    [Benchmark]
    public Task<long> Count_30Days() =>
        _store.CountAsync(new AuditQuery { From = End.AddDays(-30).AddMinutes(-17), To = End });

    [Benchmark]
    public Task<long> Count_Text_CommonWord() =>
        _store.CountAsync(new AuditQuery { Text = "warehouse" });

    [Benchmark]
    public Task<long> Count_30Days_UserAction() =>
        _store.CountAsync(new AuditQuery { From = End.AddDays(-30), To = End, ActorIds = ["jsmith"], Actions = [AuditActions.Update] });

    [Benchmark]
    public Task<IReadOnlyList<AggregateCount>> Dashboard_ByCategory_30Days() =>
        _store.AggregateAsync(new AggregateQuery { From = End.AddDays(-30).AddMinutes(-17), To = End, GroupBy = AggregateDimension.Category });

    [Benchmark]
    public Task<IReadOnlyList<AggregateCount>> Dashboard_ByDay_30Days() =>
        _store.AggregateAsync(new AggregateQuery { From = End.AddDays(-30), To = End, GroupBy = AggregateDimension.Day });

    [Benchmark]
    public Task<IReadOnlyList<AggregateCount>> Dashboard_ByActor_30Days() =>
        _store.AggregateAsync(new AggregateQuery { From = End.AddDays(-30), To = End, GroupBy = AggregateDimension.Actor });

    [Benchmark]
    public Task<AuditPage> RecordHistory() =>
        _store.GetHistoryAsync("Customer", "CUS-17");

    [Benchmark]
    public Task<AuditEvent?> GetById() => _store.GetAsync(_someId);

    private static async Task Build(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        await using var store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={path}", Synchronous = SqliteSynchronous.Normal });
        const int chunks = 10;
        var days = 90 / chunks;
        var all = new List<AuditEvent>(EventCount);
        for (var c = 0; c < chunks; c++)
        {
            var events = EventGenerator.Generate(EventCount / chunks, BenchmarkData.Start.AddDays(c * days), TimeSpan.FromDays(days), seed: 100 + c);
            events.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
            all.AddRange(events);
        }

        Console.WriteLine($"// building {EventCount:N0} events into {path}");
        await StoreSeeder.AppendAsync(store, all, batchSize: 10_000);
    }
}
