using AuditKit.Benchmarks.Support;
using AuditKit.Sqlite;
using AuditKit.Storage.Conformance.Support;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace AuditKit.Benchmarks;

/// <summary>
/// <see cref="ArchiveBenchmarks"/> over 5,000,000 events: a SQLite database of its own (built once, in chunks of 100,000,
/// into the temporary folder; ~3.5 GB), one iteration each of the plain read and the archive write, the peak working set
/// printed after each. Per-event time = mean / 5,000,000.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 1)]
[MemoryDiagnoser]
public class ArchiveFiveMillionBenchmarks : ArchiveBenchmarkBase
{
    private const int EventCount = 5_000_000;

    protected override string FolderPrefix => "archives5m";

    [Benchmark(Baseline = true, OperationsPerInvoke = EventCount)]
    public Task<long> ReadFiveMillionEvents() => ArchiveBenchmarks.ReadAllAsync(Store);

    [Benchmark(OperationsPerInvoke = EventCount)]
    public Task<long> ArchiveFiveMillionEvents() => ArchiveBenchmarks.ArchiveAllAsync(Store, Folder);

    protected override string Database()
    {
        var path = Path.Combine(Path.GetTempPath(), "auditkit-bench", $"archive-{EventCount}-v{SqliteSchema.LatestVersion}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (!File.Exists(path))
        {
            BuildAsync(path + ".tmp").GetAwaiter().GetResult();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Move(path + ".tmp", path);
        }

        return path;
    }

    private static async Task BuildAsync(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        Console.WriteLine($"// building {EventCount:N0} events into {path}");
        await using var store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={path}", Synchronous = SqliteSynchronous.Normal });
        const int chunk = 100_000;
        var days = TimeSpan.FromDays(1);
        for (var c = 0; c < EventCount / chunk; c++)
        {
            // Only one chunk is in memory at a time; each continues stream 1's chain.
            var events = EventGenerator.Generate(chunk, BenchmarkData.Start.AddDays(c), days, seed: 500 + c);
            events.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
            await StoreSeeder.AppendAsync(store, events, batchSize: 10_000, streamId: 1);
        }
    }
}
