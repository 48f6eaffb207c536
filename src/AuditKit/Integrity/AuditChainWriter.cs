namespace AuditKit.Providers;

/// <summary>
/// Links events into one stream as AuditKit's writer does, for code that appends to a store without the pipeline (a
/// conformance suite's seeder, an import tool writing a stream of its own): each event gets a UUID v7 id (unless it has
/// one), its timestamp in UTC truncated to the microsecond, the stream's next sequence, and its previous hash and hash.
/// Pass the linked events to <see cref="AuditStore.AppendAsync"/> in order. Not thread-safe: one per stream lease.
/// </summary>
public sealed class AuditChainWriter : IDisposable
{
    private readonly AuditChain _chain = new();
    private readonly byte[] _head;

    /// <summary>Continues the stream of <paramref name="lease"/> from its head.</summary>
    /// <param name="lease">A stream taken with <see cref="AuditStore.OpenStreamAsync"/>.</param>
    public AuditChainWriter(AuditStreamLease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        StreamId = lease.StreamId;
        LastSequence = lease.LastSequence;
        _head = Convert.FromHexString(lease.LastHash);
    }

    /// <summary>The stream.</summary>
    public int StreamId { get; }

    /// <summary>The sequence of the last linked event (the lease's head before the first).</summary>
    public long LastSequence { get; private set; }

    /// <summary>The hash of the last linked event, lower-case hex.</summary>
    public string LastHash => Convert.ToHexStringLower(_head);

    /// <summary>Links <paramref name="auditEvent"/> after the last one.</summary>
    /// <param name="auditEvent">An event not yet in any stream.</param>
    /// <exception cref="InvalidOperationException">The event already has a stream position.</exception>
    public void Link(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        if (auditEvent.Sequence != 0)
        {
            throw new InvalidOperationException($"The event is already at stream {auditEvent.StreamId}, sequence {auditEvent.Sequence}.");
        }

        var t = auditEvent.Timestamp.ToUniversalTime();
        var truncated = new DateTimeOffset(t.Ticks - (t.Ticks % 10), TimeSpan.Zero);
        auditEvent.SetTimestamp(truncated);
        if (auditEvent.Id == Guid.Empty)
        {
            auditEvent.Id = Guid.CreateVersion7(truncated);
        }

        auditEvent.StreamId = StreamId;
        auditEvent.Sequence = ++LastSequence;
        _chain.Link(auditEvent, _head);
    }

    /// <inheritdoc />
    public void Dispose() => _chain.Dispose();
}
