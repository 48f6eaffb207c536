namespace AuditKit;

/// <summary>
/// The "Audit Log Retention" screen: policies, legal holds, the retention job, archives and storage figures
/// (docs/retention.md). Registered by <c>audit.AddRetention(...)</c>. Inside a tenant's scope (the ambient
/// <see cref="AuditContext.TenantId"/>) holds, archives and storage are that tenant's only, and a hold placed covers that
/// tenant; policies are global to the store.
/// </summary>
public interface IAuditRetention
{
    /// <summary>The policies in force and their version.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The policies document.</returns>
    Task<AuditSettingsEntry<AuditRetentionPolicies>> GetPoliciesAsync(CancellationToken cancellationToken = default);

    /// <summary>Saves the policies over <paramref name="expectedVersion"/> (a SettingsChanged event with the changed values).</summary>
    /// <param name="policies">The edited policies (checked with <see cref="AuditRetentionPolicies.Validate"/>).</param>
    /// <param name="expectedVersion">The version they were edited from.</param>
    /// <param name="cancellationToken">Cancels the save.</param>
    /// <returns>The saved document.</returns>
    /// <exception cref="AuditSettingsConflictException">Saved by somebody else meanwhile.</exception>
    /// <exception cref="InvalidOperationException">Called inside a tenant's scope.</exception>
    Task<AuditSettingsEntry<AuditRetentionPolicies>> SavePoliciesAsync(AuditRetentionPolicies policies, long expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>The legal holds in force.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The holds.</returns>
    Task<IReadOnlyList<AuditLegalHoldEntry>> GetHoldsAsync(CancellationToken cancellationToken = default);

    /// <summary>Places a legal hold: from now on no deletion or purge removes an event it covers. Recorded as a SettingsChanged event.</summary>
    /// <param name="hold">What it covers (checked with <see cref="AuditLegalHold.Validate"/>).</param>
    /// <param name="reason">Why (required).</param>
    /// <param name="cancellationToken">Cancels the save.</param>
    /// <returns>The hold with its id.</returns>
    Task<AuditLegalHoldEntry> PlaceHoldAsync(AuditLegalHold hold, string reason, CancellationToken cancellationToken = default);

    /// <summary>Lifts a legal hold. Recorded as a SettingsChanged event.</summary>
    /// <param name="holdId">The hold's id.</param>
    /// <param name="cancellationToken">Cancels the save.</param>
    /// <returns>False when no hold (of this tenant) has that id.</returns>
    Task<bool> LiftHoldAsync(string holdId, CancellationToken cancellationToken = default);

    /// <summary>Runs the retention job now: completes an unfinished step, archives and deletes expired events, purges expired archives.</summary>
    /// <param name="cancellationToken">Stops the run between batches; the next run completes it.</param>
    /// <returns>What it did.</returns>
    Task<AuditRetentionRun> RunAsync(CancellationToken cancellationToken = default);

    /// <summary>Active size, archived size (sum of manifests), capacity and usage: the screen's storage box.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The figures.</returns>
    Task<AuditRetentionStorage> GetStorageAsync(CancellationToken cancellationToken = default);

    /// <summary>The archives' manifests, in name order.</summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The manifests.</returns>
    IAsyncEnumerable<AuditArchiveManifest> ListArchivesAsync(CancellationToken cancellationToken = default);

    /// <summary>Restore as a stream: an archive's events, verified as they are read (<see cref="AuditArchiveReader"/>).</summary>
    /// <param name="name">The archive's name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The events in sequence order.</returns>
    /// <exception cref="AuditArchiveException">The archive fails verification, or is another tenant's.</exception>
    IAsyncEnumerable<AuditEvent> ReadArchiveAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Restore into a store (for an investigation): verifies the whole archive first, then appends its events with their
    /// streams, sequences and hashes to <paramref name="destination"/> (idempotent: events already there are skipped).
    /// Use a store of its own, not the active store the events were deleted from.
    /// </summary>
    /// <param name="name">The archive's name.</param>
    /// <param name="destination">The store to append to.</param>
    /// <param name="cancellationToken">Cancels between batches.</param>
    /// <returns>How many events were appended.</returns>
    Task<long> RestoreAsync(string name, AuditStore destination, CancellationToken cancellationToken = default);
}
