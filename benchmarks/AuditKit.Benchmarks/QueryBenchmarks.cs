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
public class QueryBenchmarks : StoreQueryBenchmarks
{
    private const int EventCount = 1_000_000;

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
        Store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={path}" });
        PickSomeId();
    }

    [GlobalCleanup]
    public void Cleanup() => Store.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public Task<long> Count_Text_CommonWord() =>
        Store.CountAsync(new AuditQuery { Text = "warehouse" });

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
