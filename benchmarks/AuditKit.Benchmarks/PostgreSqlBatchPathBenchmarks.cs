using AuditKit.Benchmarks.Support;
using AuditKit.PostgreSql;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace AuditKit.Benchmarks;

/// <summary>
/// Where COPY starts to pay on PostgreSQL: the writer's two paths for a batch of a held stream, at each batch size —
/// one pipelined statement batch (guard, one INSERT per event, roll-ups: one round trip) against the COPY path
/// (BEGIN, the stored head, COPY, roll-ups, COMMIT). Each iteration appends 2,000 realistic events in batches of
/// <see cref="BatchSize"/> through <c>PostgreSqlAuditStore.AppendAsync</c>, as the writer does; mean is per event.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class PostgreSqlBatchPathBenchmarks
{
    private const int Events = 2_000;

    private PostgreSqlAuditStore _store = null!;
    private AuditStreamLease _lease = null!;
    private List<AuditEvent[]> _batches = null!;
    private long _sequence;
    private byte[] _head = new byte[32];

    /// <summary>Events per batch.</summary>
    [Params(1, 8, 32, 64, 128, 512)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var connection = Environment.GetEnvironmentVariable("AUDITKIT_POSTGRES")
            ?? throw new InvalidOperationException("AUDITKIT_POSTGRES is not set: run the benchmarks with ./build.sh bench, which starts PostgreSQL.");
        _store = new PostgreSqlAuditStore(new PostgreSqlAuditStoreOptions { ConnectionString = connection, Schema = "paths_" + Guid.NewGuid().ToString("N")[..12] });
        _lease = _store.OpenStreamAsync(null, "bench").GetAwaiter().GetResult();
        _sequence = _lease.LastSequence;
        _head = Convert.FromHexString(_lease.LastHash);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _lease.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [IterationSetup]
    public void Link()
    {
        using var chain = new AuditChain();
        var events = RealisticEvents.Generate(Events, seed: (int)_sequence);
        foreach (var e in events)
        {
            e.StreamId = _lease.StreamId;
            e.Sequence = ++_sequence;
            chain.Link(e, _head);
        }

        _batches = events.Chunk(BatchSize).ToList();
    }

    /// <summary>Every batch as one pipelined statement batch (one round trip).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public async Task Pipelined()
    {
        _store.CopyFrom = int.MaxValue;
        foreach (var batch in _batches)
        {
            await _store.AppendAsync(batch);
        }
    }

    /// <summary>Every batch through the COPY path.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public async Task Copy()
    {
        _store.CopyFrom = 0;
        foreach (var batch in _batches)
        {
            await _store.AppendAsync(batch);
        }
    }
}
