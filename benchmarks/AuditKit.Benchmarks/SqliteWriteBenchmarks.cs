using AuditKit.Benchmarks.Support;
using AuditKit.Sqlite;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuditKit.Benchmarks;

/// <summary>
/// Sustained end-to-end writes into SQLite (synchronous=FULL, same schema: indexes, FTS5, roll-ups), per event.
/// Targets: the pipeline ≥ 0.8x a raw prepared SqliteCommand writing 1,000-row transactions into the same
/// schema, and ≥ 8x one INSERT transaction per event. Each iteration writes into a new database file. Two rows of
/// events: "light" (the generated ERP mix) and "realistic" (the README's quick-start shape), each with its baselines.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class SqliteWriteBenchmarks
{
    private const int Events = 20_000;
    private const int PerEventEvents = 1_000;

    private string _folder = null!;
    private List<AuditEvent> _events = null!;
    private List<RawRow> _rows = null!;
    private Microsoft.Extensions.Hosting.IHost? _host;
    private IAuditLog? _log;
    private string _path = null!;

    /// <summary>The events written: "light" or "realistic" (<see cref="BenchmarkData.Shaped"/>).</summary>
    [Params("light", "realistic")]
    public string Shape { get; set; } = "light";

    [GlobalSetup]
    public void GlobalSetup() => _folder = BenchmarkData.NewFolder("write");

    [GlobalCleanup]
    public void GlobalCleanup() => BenchmarkData.DeleteFolder(_folder);

    [IterationSetup(Targets = [nameof(Pipeline_Record)])]
    public void SetupPipeline()
    {
        _path = NewDatabase();
        _events = BenchmarkData.Shaped(Shape, Events);
        (_host, _log) = BenchmarkHost.Start(a => a.UseSqlite($"Data Source={_path}"));
    }

    [IterationSetup(Targets = [nameof(Pipeline_Record_OneSubscription)])]
    public void SetupPipelineWithSubscription()
    {
        _path = NewDatabase();
        _events = BenchmarkData.Events(Events);
        (_host, _log) = BenchmarkHost.Start(a => a.UseSqlite($"Data Source={_path}").AddSubscription<CountingSubscriber>("bench", o => o.PollInterval = TimeSpan.FromMilliseconds(100)));
    }

    [IterationCleanup(Targets = [nameof(Pipeline_Record), nameof(Pipeline_Record_OneSubscription)])]
    public void CleanupPipeline()
    {
        BenchmarkHost.Stop(_host!);
    }

    [IterationSetup(Targets = [nameof(Raw_PreparedInsert_1000RowTransactions), nameof(Raw_OneInsertTransactionPerEvent)])]
    public void SetupRaw()
    {
        _path = NewDatabase();
        var store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={_path}" });
        store.InitializeAsync().GetAwaiter().GetResult();
        store.DisposeAsync().AsTask().GetAwaiter().GetResult();

        _rows = RawRow.From(BenchmarkData.Shaped(Shape, Events));
    }

    /// <summary>AuditKit: fire-and-forget Record of every event, then wait until all are committed.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public void Pipeline_Record()
    {
        foreach (var e in _events)
        {
            _log!.Record(e);
        }

        _log!.FlushAsync().GetAwaiter().GetResult();
    }

    /// <summary>The same as <see cref="Pipeline_Record"/> with one active subscription reading the store (docs/subscriptions.md).</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public void Pipeline_Record_OneSubscription()
    {
        foreach (var e in _events)
        {
            _log!.Record(e);
        }

        _log!.FlushAsync().GetAwaiter().GetResult();
    }

    /// <summary>The ceiling: a hand-written writer with precomputed values, prepared commands, 1,000 rows per transaction.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public void Raw_PreparedInsert_1000RowTransactions() => RawRow.Insert(_path, _rows, 1_000);

    /// <summary>What a per-event writer does (Audit.NET's providers): one INSERT transaction per event.</summary>
    [Benchmark(OperationsPerInvoke = PerEventEvents)]
    public void Raw_OneInsertTransactionPerEvent() => RawRow.Insert(_path, _rows.GetRange(0, PerEventEvents), 1);

    private string NewDatabase() => Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".db");
}
