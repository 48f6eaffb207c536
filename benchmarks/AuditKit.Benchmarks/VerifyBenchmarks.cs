using AuditKit.Sqlite;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace AuditKit.Benchmarks;

/// <summary>
/// Verifying the whole chain of the generated 1,000,000-event SQLite database (read in sequence order,
/// re-hash every event, check every link). Target: ≥ 300,000 events/s. Per-event time = mean / 1,000,000.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
[MemoryDiagnoser]
public class VerifyBenchmarks
{
    private SqliteAuditStore _store = null!;

    [GlobalSetup]
    public void Setup() =>
        _store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={QueryBenchmarks.MillionEventDatabase()}" });

    [GlobalCleanup]
    public void Cleanup() => _store.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Only reading the stream (the floor under verification).</summary>
    [Benchmark(OperationsPerInvoke = 1_000_000)]
    public async Task<long> ReadMillionEvents()
    {
        long count = 0;
        await foreach (var e in _store.ReadStreamAsync(1))
        {
            count += e.Sequence > 0 ? 1 : 0;
        }

        return count;
    }

    [Benchmark(OperationsPerInvoke = 1_000_000)]
    public async Task<long> VerifyMillionEvents()
    {
        var report = await AuditIntegrity.CreateVerifier(_store).VerifyAsync();
        return report.Intact ? report.EventsChecked : throw new InvalidOperationException("the benchmark database is not intact");
    }
}
