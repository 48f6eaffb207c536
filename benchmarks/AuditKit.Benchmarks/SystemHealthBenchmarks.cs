using AuditKit.Benchmarks.Support;
using AuditKit.Sqlite;
using AuditKit.Storage.Conformance.Support;
using BenchmarkDotNet.Attributes;

namespace AuditKit.Benchmarks;

/// <summary>
/// System health over 30 days on a SQLite database of 200,000 generated ERP events (jobs among them) and three
/// components' heartbeats every minute with a response time (129,600 heartbeats), through the reader as a host calls
/// it. Target: ≤ 20 ms.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class SystemHealthBenchmarks
{
    private const int Days = 30;
    private static readonly string[] Components = ["Database", "Notifications", "Payments API"];

    private SqliteAuditStore _store = null!;
    private IAuditInsights _insights = null!;

    [GlobalSetup]
    public void Setup()
    {
        var path = Path.Combine(Path.GetTempPath(), "auditkit-bench", $"health-v{SqliteSchema.LatestVersion}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (!File.Exists(path))
        {
            Build(path + ".tmp").GetAwaiter().GetResult();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Move(path + ".tmp", path);
        }

        _store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={path}" });
        _insights = new AuditInsights(new AuditReader(_store, new AuditContextAccessor()), new FixedTime(BenchmarkData.Start.AddDays(Days)));
    }

    [GlobalCleanup]
    public void Cleanup() => _store.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public Task<SystemHealth> SystemHealth_30Days() => _insights.GetSystemHealthAsync();

    private static async Task Build(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        await using var store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={path}", Synchronous = SqliteSynchronous.Normal });
        var events = EventGenerator.Generate(200_000, BenchmarkData.Start, TimeSpan.FromDays(Days), seed: 5);
        var random = new Random(6);
        for (var minute = 0; minute < Days * 24 * 60; minute++)
        {
            foreach (var component in Components)
            {
                // A component down for a stretch now and then: no heartbeat.
                if (minute % 997 < 20 && component == "Payments API")
                {
                    continue;
                }

                events.Add(AuditEvents.Heartbeat(component, TimeSpan.FromMilliseconds(20 + random.Next(200)))
                    with { Timestamp = BenchmarkData.Start.AddMinutes(minute).AddSeconds(random.Next(60)) });
            }
        }

        events.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
        Console.WriteLine($"// building {events.Count:N0} events into {path}");
        await StoreSeeder.AppendAsync(store, events, batchSize: 10_000);
    }
}
