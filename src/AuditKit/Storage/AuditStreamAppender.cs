namespace AuditKit;

/// <summary>
/// Appends events to one stream that it holds, outside the write pipeline, chaining them exactly as the writer does
/// (sequence, previous hash, hash): for importing history from another audit log into a stream of its own, with the
/// events' original timestamps. Events are validated against the default <see cref="AuditLimits"/> and get ids as
/// recorded events do; the ambient context, the event policy, risk rules and personal-field sealing are not applied
/// (an import keeps what its source recorded). Dispose it to give the stream up.
/// </summary>
/// <remarks>
/// The stream is held like a writer's (<see cref="AuditStore.OpenStreamAsync"/>): a second appender or writer on it fails
/// while this one lives. A failed <see cref="AppendAsync"/> leaves the appender where it was; append new event instances
/// to retry (the failed ones carry the sequence numbers they were given).
/// </remarks>
public sealed class AuditStreamAppender : IAsyncDisposable
{
    private readonly AuditStore _store;
    private readonly AuditStreamLease _lease;
    private readonly AuditEventNormalizer _normalizer;
    private readonly AuditChain _chain = new();
    private readonly byte[] _head = new byte[32];
    private long _sequence;

    private AuditStreamAppender(AuditStore store, AuditStreamLease lease, TimeProvider timeProvider)
    {
        _store = store;
        _lease = lease;
        _sequence = lease.LastSequence;
        Convert.FromHexString(lease.LastHash, _head, out _, out _);
        _normalizer = new AuditEventNormalizer(new AuditKitOptions(), new NoContext(), timeProvider);
    }

    /// <summary>The stream appended to.</summary>
    public int StreamId => _lease.StreamId;

    /// <summary>The stream's last sequence (0 while empty).</summary>
    public long LastSequence => _sequence;

    /// <summary>Takes hold of <paramref name="streamId"/> (created when new) and continues its chain.</summary>
    /// <param name="store">The store, initialized.</param>
    /// <param name="streamId">The stream to append to.</param>
    /// <param name="application">Recorded with the stream (e.g. "auditkit import: abp").</param>
    /// <param name="timeProvider">Gives events without a timestamp the current time; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The appender.</returns>
    /// <exception cref="InvalidOperationException">Another writer or appender holds the stream.</exception>
    public static async Task<AuditStreamAppender> OpenAsync(AuditStore store, int streamId, string application, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(application);
        var lease = await store.OpenStreamAsync(streamId, application, cancellationToken).ConfigureAwait(false);
        return new AuditStreamAppender(store, lease, timeProvider ?? TimeProvider.System);
    }

    /// <summary>
    /// Validates, chains and appends the events in one transaction (all or nothing). Each event keeps its
    /// <see cref="AuditEvent.Timestamp"/> (the current time when unset) and gets its id, stream, sequence and hashes.
    /// </summary>
    /// <param name="events">New events (never recorded before), in the order they are to be chained.</param>
    /// <param name="cancellationToken">Cancels the append.</param>
    /// <returns>A task that completes when the batch has committed.</returns>
    /// <exception cref="ArgumentException">An event breaks a documented limit or was already written; the message names the field.</exception>
    public async Task AppendAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }

        var head = (byte[])_head.Clone();
        var sequence = _sequence;
        foreach (var e in events)
        {
            _normalizer.Prepare(e);
            e.StreamId = _lease.StreamId;
            e.Sequence = ++sequence;
            _chain.Link(e, head);
        }

        await _store.AppendAsync(events, cancellationToken).ConfigureAwait(false);
        head.CopyTo(_head, 0);
        _sequence = sequence;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _lease.DisposeAsync().ConfigureAwait(false);
        _chain.Dispose();
    }

    /// <summary>No ambient context: an imported event carries its source's actor, client and tenant only.</summary>
    private sealed class NoContext : IAuditContextAccessor
    {
        public AuditContext? Current => null;

        public IDisposable BeginScope(AuditContext context) => throw new NotSupportedException("An import has no ambient audit context.");
    }
}
