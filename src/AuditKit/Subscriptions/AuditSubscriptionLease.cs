namespace AuditKit;

/// <summary>
/// One instance's hold on a named subscription, kept in the subscription's settings document (an
/// <see cref="AuditSettingsLease{TState}"/>): taking it, renewing it and saving positions are each one optimistic save
/// over the version last read, so two instances can never both believe they hold it — the slower save conflicts, and that
/// instance stops delivering.
/// </summary>
internal sealed class AuditSubscriptionLease(AuditStore store, string name, string owner, AuditSubscriptionOptions options, TimeProvider time)
{
    private readonly AuditSettingsLease<AuditSubscriptionState> _lease = new(store, DocumentName(name), owner, options.LeaseDuration, time);

    /// <summary>The settings document of a subscription.</summary>
    public static string DocumentName(string name) => "subscription." + name;

    public bool Held => _lease.Held;

    public DateTimeOffset Expires => _lease.Expires;

    public string Owner => _lease.Owner;

    /// <summary>The last delivered sequence of each stream (0 for none).</summary>
    public long PositionOf(int streamId) => _lease.State.Positions.GetValueOrDefault(streamId);

    /// <summary>Takes the subscription when nobody holds it or the holder's lease has expired.</summary>
    public Task<bool> TryAcquireAsync(CancellationToken cancellationToken) => _lease.TryAcquireAsync(StartAsync, cancellationToken);

    /// <summary>Renews the lease when less than half of it is left; false when it was lost.</summary>
    public Task<bool> RenewIfDueAsync(CancellationToken cancellationToken) => _lease.RenewIfDueAsync(cancellationToken);

    /// <summary>Records that a stream is delivered up to <paramref name="sequence"/> and renews the lease; false when the lease was lost (the position is then not saved).</summary>
    public Task<bool> AdvanceAsync(int streamId, long sequence, CancellationToken cancellationToken)
    {
        _lease.State.Positions[streamId] = sequence;
        return _lease.SaveAsync(cancellationToken);
    }

    /// <summary>Gives the subscription up at once (the host stops), so another instance need not wait for expiry.</summary>
    public Task ReleaseAsync(CancellationToken cancellationToken) => _lease.ReleaseAsync(cancellationToken);

    /// <summary>Each stream's head when the host started (<see cref="AuditSubscriptionOptions.StartAtEnd"/>), or null when not taken then.</summary>
    public IReadOnlyDictionary<int, long>? StartHeads { get; set; }

    /// <summary>
    /// A new subscription with <see cref="AuditSubscriptionOptions.StartAtEnd"/> starts after each stream's last event as
    /// of the host's start (so an event recorded once the host has started is delivered), or as of now when the store
    /// could not be read at start.
    /// </summary>
    private async Task StartAsync(AuditSubscriptionState state, CancellationToken cancellationToken)
    {
        if (!options.StartAtEnd)
        {
            return;
        }

        var heads = StartHeads ?? (await store.GetStorageInfoAsync(cancellationToken).ConfigureAwait(false)).Streams.ToDictionary(s => s.StreamId, s => s.LastSequence);
        foreach (var (streamId, sequence) in heads)
        {
            state.Positions[streamId] = sequence;
        }
    }
}
