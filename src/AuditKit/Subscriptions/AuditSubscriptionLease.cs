using System.Text.Json;

namespace AuditKit;

/// <summary>
/// One instance's hold on a named subscription, kept in the subscription's settings document: taking it, renewing it
/// and saving positions are each one optimistic save over the version last read, so two instances can never both
/// believe they hold it — the slower save conflicts, and that instance stops delivering.
/// </summary>
internal sealed class AuditSubscriptionLease(AuditStore store, string name, string owner, AuditSubscriptionOptions options, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private AuditSubscriptionState _state = new();
    private long _version;

    /// <summary>The settings document of a subscription.</summary>
    public static string DocumentName(string name) => "subscription." + name;

    public bool Held { get; private set; }

    public DateTimeOffset Expires => _state.LeaseUntil;

    public string Owner => owner;

    /// <summary>The last delivered sequence of each stream (0 for none).</summary>
    public long PositionOf(int streamId) => _state.Positions.GetValueOrDefault(streamId);

    /// <summary>Takes the subscription when nobody holds it or the holder's lease has expired.</summary>
    public async Task<bool> TryAcquireAsync(CancellationToken cancellationToken)
    {
        var document = await store.GetSettingsAsync(DocumentName(name), cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var state = document is null ? new AuditSubscriptionState() : JsonSerializer.Deserialize<AuditSubscriptionState>(document.Json, Json) ?? new AuditSubscriptionState();
        if (state.Owner is not null && state.Owner != owner && state.LeaseUntil > now)
        {
            return false;
        }

        if (document is null && options.StartAtEnd)
        {
            foreach (var stream in (await store.GetStorageInfoAsync(cancellationToken).ConfigureAwait(false)).Streams)
            {
                state.Positions[stream.StreamId] = stream.LastSequence;
            }
        }

        _state = state;
        _version = document?.Version ?? 0;
        Held = true;
        if (!await SaveAsync(now, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        return true;
    }

    /// <summary>Renews the lease when less than half of it is left; false when it was lost.</summary>
    public Task<bool> RenewIfDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return _state.LeaseUntil - now > options.LeaseDuration / 2 ? Task.FromResult(Held) : SaveAsync(now, cancellationToken);
    }

    /// <summary>Records that a stream is delivered up to <paramref name="sequence"/> and renews the lease; false when the lease was lost (the position is then not saved).</summary>
    public Task<bool> AdvanceAsync(int streamId, long sequence, CancellationToken cancellationToken)
    {
        _state.Positions[streamId] = sequence;
        return SaveAsync(time.GetUtcNow(), cancellationToken);
    }

    /// <summary>Gives the subscription up at once (the host stops), so another instance need not wait for expiry.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        if (!Held)
        {
            return;
        }

        _state.Owner = null;
        _state.LeaseUntil = time.GetUtcNow();
        try
        {
            await store.SaveSettingsAsync(Document(), cancellationToken).ConfigureAwait(false);
        }
        catch (AuditSettingsConflictException)
        {
            // somebody took it over meanwhile: nothing to give up
        }

        Held = false;
    }

    private async Task<bool> SaveAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!Held)
        {
            return false;
        }

        _state.Owner = owner;
        _state.LeaseUntil = now + options.LeaseDuration;
        try
        {
            await store.SaveSettingsAsync(Document(), cancellationToken).ConfigureAwait(false);
            _version++;
            return true;
        }
        catch (AuditSettingsConflictException)
        {
            Held = false;
            return false;
        }
    }

    private AuditSettingsDocument Document() =>
        new(DocumentName(name), _version + 1, JsonSerializer.Serialize(_state, Json), time.GetUtcNow(), owner);
}
