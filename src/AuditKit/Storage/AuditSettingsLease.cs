using System.Text.Json;

namespace AuditKit;

/// <summary>The owner and expiry a leased settings document carries beside its own state.</summary>
internal interface ILeasedState
{
    /// <summary>The instance holding the lease, or null when given up.</summary>
    string? Owner { get; set; }

    /// <summary>When the lease ends unless renewed.</summary>
    DateTimeOffset LeaseUntil { get; set; }
}

/// <summary>
/// One instance's hold on a settings document that carries its owner and expiry (<see cref="ILeasedState"/>) beside the
/// state of the work it guards: taking the lease, renewing it and saving the state are each one optimistic save over the
/// version last read, so two instances (processes, hosts) can never both believe they hold it — the slower save conflicts,
/// and that instance stops. A holder that dies keeps it until <see cref="ILeasedState.LeaseUntil"/>; then another takes it
/// over. Works on every store: it only needs <see cref="AuditStore.GetSettingsAsync"/> and the optimistic
/// <see cref="AuditStore.SaveSettingsAsync"/>. Time comes from the <see cref="TimeProvider"/>.
/// </summary>
internal sealed class AuditSettingsLease<TState>(AuditStore store, string documentName, string owner, TimeSpan duration, TimeProvider time)
    where TState : class, ILeasedState, new()
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private long _version;

    /// <summary>The document's state as last read or saved by this instance.</summary>
    public TState State { get; private set; } = new();

    public bool Held { get; private set; }

    public DateTimeOffset Expires => State.LeaseUntil;

    public string Owner => owner;

    /// <summary>The owner of the lease as last read when <see cref="TryAcquireAsync"/> found it held by another instance.</summary>
    public string? HeldBy { get; private set; }

    /// <summary>
    /// Takes the lease when nobody holds it, this instance already does, or the holder's lease has expired; false when
    /// another instance holds it or took it first. <paramref name="initialize"/> prepares the state of a document that did
    /// not exist yet, before the first save.
    /// </summary>
    public async Task<bool> TryAcquireAsync(Func<TState, CancellationToken, Task>? initialize, CancellationToken cancellationToken)
    {
        var document = await store.GetSettingsAsync(documentName, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var state = document is null ? new TState() : JsonSerializer.Deserialize<TState>(document.Json, Json) ?? new TState();
        if (state.Owner is not null && state.Owner != owner && state.LeaseUntil > now)
        {
            HeldBy = state.Owner;
            return false;
        }

        if (document is null && initialize is not null)
        {
            await initialize(state, cancellationToken).ConfigureAwait(false);
        }

        State = state;
        _version = document?.Version ?? 0;
        Held = true;
        if (!await SaveAsync(cancellationToken).ConfigureAwait(false))
        {
            HeldBy = null;
            return false;
        }

        return true;
    }

    /// <summary>Renews the lease when less than half of it is left; false when it was lost.</summary>
    public Task<bool> RenewIfDueAsync(CancellationToken cancellationToken) =>
        State.LeaseUntil - time.GetUtcNow() > duration / 2 ? Task.FromResult(Held) : SaveAsync(cancellationToken);

    /// <summary>Saves <see cref="State"/> as the next version and renews the lease; false when the lease was lost (nothing is saved then).</summary>
    public async Task<bool> SaveAsync(CancellationToken cancellationToken)
    {
        if (!Held)
        {
            return false;
        }

        State.Owner = owner;
        State.LeaseUntil = time.GetUtcNow() + duration;
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

    /// <summary>Gives the lease up at once (the work is done or the host stops), so another instance need not wait for expiry.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        if (!Held)
        {
            return;
        }

        State.Owner = null;
        State.LeaseUntil = time.GetUtcNow();
        try
        {
            await store.SaveSettingsAsync(Document(), cancellationToken).ConfigureAwait(false);
            _version++;
        }
        catch (AuditSettingsConflictException)
        {
            // somebody took it over meanwhile: nothing to give up
        }

        Held = false;
    }

    private AuditSettingsDocument Document() =>
        new(documentName, _version + 1, JsonSerializer.Serialize(State, Json), time.GetUtcNow(), owner);
}
