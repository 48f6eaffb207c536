using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace AuditKit.Benchmarks;

/// <summary>
/// Retention's archive write over the generated 1,000,000-event SQLite database: read the stream in sequence order and
/// write every event into its (tenant, category) archive (gzip JSON Lines, AES-256-GCM frames), side by side with the
/// plain <see cref="AuditStore.ReadStreamAsync"/>. Target: ≥ 50,000 events/s with constant memory (peak working set
/// printed after each run). Per-event time = mean / 1,000,000.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 2)]
[MemoryDiagnoser]
public class ArchiveBenchmarks : ArchiveBenchmarkBase
{
    private static readonly byte[] Key = new byte[32];

    protected override string FolderPrefix => "archives";

    [Benchmark(Baseline = true, OperationsPerInvoke = 1_000_000)]
    public Task<long> ReadMillionEvents() => ReadAllAsync(Store);

    [Benchmark(OperationsPerInvoke = 1_000_000)]
    public Task<long> ArchiveMillionEvents() => ArchiveAllAsync(Store, Folder);

    protected override string Database() => QueryBenchmarks.MillionEventDatabase();

    /// <summary>The plain read of stream 1.</summary>
    internal static async Task<long> ReadAllAsync(AuditStore store)
    {
        long count = 0;
        await foreach (var e in store.ReadStreamAsync(1))
        {
            count += e.Sequence > 0 ? 1 : 0;
        }

        return count;
    }

    /// <summary>Stream 1 into one archive per tenant and category, as the retention job writes them.</summary>
    internal static async Task<long> ArchiveAllAsync(AuditStore store, string folder)
    {
        var writers = new Dictionary<(string?, AuditCategory), AuditArchiveWriter>();
        long count = 0;
        await foreach (var e in store.ReadStreamAsync(1))
        {
            if (!writers.TryGetValue((e.TenantId, e.Category), out var writer))
            {
                var name = $"bench-{writers.Count}.akarc";
                writers[(e.TenantId, e.Category)] = writer = new AuditArchiveWriter(
                    Path.Combine(folder, name), AuditArchiveWriter.Header(name, "k", Key, 1, e.TenantId, null, null, DateTimeOffset.UnixEpoch), Key);
            }

            writer.Add(e);
            count++;
        }

        foreach (var writer in writers.Values)
        {
            writer.Complete();
            await writer.DisposeAsync();
        }

        return count;
    }
}
