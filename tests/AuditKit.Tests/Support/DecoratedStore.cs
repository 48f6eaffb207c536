using AuditKit.Testing;

namespace AuditKit.Tests.Support;

/// <summary>
/// A real in-memory store whose appends can be held back (a gate) or made to fail a number of times, to
/// observe the pipeline's backpressure, retry and shutdown behaviour. Everything else is the real store.
/// </summary>
public sealed class DecoratedStore : AuditStore
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _failuresLeft;

    private readonly bool _commitBeforeSomeFailures;

    public DecoratedStore(bool gated = false, int failures = 0, bool commitBeforeSomeFailures = true)
    {
        _commitBeforeSomeFailures = commitBeforeSomeFailures;
        if (!gated)
        {
            _gate.SetResult();
        }

        _failuresLeft = failures;
    }

    public InMemoryAuditStore Inner { get; } = new();

    public int AppendCalls;

    /// <summary>How long each successful append takes beyond the in-memory store's (a commit's fsync).</summary>
    public TimeSpan AppendDelay { get; init; }

    /// <summary>The size of every batch stored, in order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<int> BatchSizes { get; } = new();

    /// <summary>While set, every call fails as a store whose server is down would (connection refused).</summary>
    public volatile bool Unreachable;

    public void Open() => _gate.TrySetResult();

    public override string ProviderName => "decorated";

    public override Task InitializeAsync(CancellationToken cancellationToken = default) => Unreachable ? Refused() : Inner.InitializeAsync(cancellationToken);

    public override Task<AuditStreamLease> OpenStreamAsync(int? preferredStreamId, string? application, CancellationToken cancellationToken = default) =>
        Unreachable ? Refused<AuditStreamLease>() : Inner.OpenStreamAsync(preferredStreamId, application, cancellationToken);

    public override Task<IReadOnlySet<Guid>> GetStoredIdsAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken = default) =>
        Unreachable ? Refused<IReadOnlySet<Guid>>() : base.GetStoredIdsAsync(ids, cancellationToken);

    public override async Task AppendAsync(IReadOnlyList<AuditEvent> batch, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref AppendCalls);
        if (Unreachable)
        {
            await Refused();
        }

        await _gate.Task.WaitAsync(cancellationToken);
        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            // Half of the failures happen after the batch was stored, as when a commit succeeds but the
            // connection drops before the acknowledgement: the retry must not store anything twice.
            if (_commitBeforeSomeFailures && _failuresLeft % 2 == 0)
            {
                await Inner.AppendAsync(batch, cancellationToken);
            }

            throw new IOException("simulated store failure");
        }

        if (AppendDelay > TimeSpan.Zero)
        {
            await Task.Delay(AppendDelay, cancellationToken);
        }

        await Inner.AppendAsync(batch, cancellationToken);
        BatchSizes.Enqueue(batch.Count);
    }

    public override Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default) => Inner.QueryAsync(query, cancellationToken);

    public override Task<long> CountAsync(AuditQuery query, CancellationToken cancellationToken = default) => Inner.CountAsync(query, cancellationToken);

    public override Task<AuditEvent?> GetAsync(Guid id, CancellationToken cancellationToken = default) => Inner.GetAsync(id, cancellationToken);

    public override Task<AuditEvent?> GetAsync(int streamId, long sequence, CancellationToken cancellationToken = default) => Inner.GetAsync(streamId, sequence, cancellationToken);

    public override Task<IReadOnlyList<AggregateCount>> AggregateAsync(AggregateQuery query, CancellationToken cancellationToken = default) => Inner.AggregateAsync(query, cancellationToken);

    public override IAsyncEnumerable<AuditEvent> ReadStreamAsync(int streamId, long fromSequence = 1, CancellationToken cancellationToken = default) =>
        Inner.ReadStreamAsync(streamId, fromSequence, cancellationToken);

    private static Task Refused() => Task.FromException(new IOException("simulated: connection refused"));

    private static Task<T> Refused<T>() => Task.FromException<T>(new IOException("simulated: connection refused"));

    public override Task<AuditStorageInfo> GetStorageInfoAsync(CancellationToken cancellationToken = default) => Inner.GetStorageInfoAsync(cancellationToken);

    public override Task<AuditStorageInfo> GetStorageInfoAsync(string tenantId, CancellationToken cancellationToken = default) => Inner.GetStorageInfoAsync(tenantId, cancellationToken);
}
