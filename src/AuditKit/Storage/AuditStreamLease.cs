namespace AuditKit;

/// <summary>
/// A writer's exclusive hold on one stream, with the stream's head so that the chain continues where it
/// stopped. Dispose it to let another writer take the stream.
/// </summary>
public sealed class AuditStreamLease : IAsyncDisposable
{
    private readonly Func<ValueTask>? _release;
    private int _released;

    /// <summary>Creates a lease.</summary>
    /// <param name="streamId">The stream held.</param>
    /// <param name="lastSequence">The stream's last durable sequence (0 when empty).</param>
    /// <param name="lastHash">The stream's last durable hash, lower-case hex (the genesis hash when empty).</param>
    /// <param name="release">Releases the hold.</param>
    public AuditStreamLease(int streamId, long lastSequence, string lastHash, Func<ValueTask>? release)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(streamId, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(lastSequence);
        ArgumentException.ThrowIfNullOrEmpty(lastHash);
        StreamId = streamId;
        LastSequence = lastSequence;
        LastHash = lastHash;
        _release = release;
    }

    /// <summary>The stream held.</summary>
    public int StreamId { get; }

    /// <summary>The stream's last durable sequence when the lease was taken (0 when empty).</summary>
    public long LastSequence { get; }

    /// <summary>The stream's last durable hash when the lease was taken, lower-case hex.</summary>
    public string LastHash { get; }

    /// <inheritdoc />
    public ValueTask DisposeAsync() =>
        Interlocked.Exchange(ref _released, 1) == 0 && _release is not null ? _release() : ValueTask.CompletedTask;
}
