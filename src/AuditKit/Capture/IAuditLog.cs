namespace AuditKit;

/// <summary>Records audit events. Register it with <c>services.AddAuditKit(...)</c> and inject it.</summary>
public interface IAuditLog
{
    /// <summary>
    /// Queues an event and returns at once (fire-and-forget): no I/O on the caller's thread. The event is
    /// validated here, enriched from the ambient <see cref="AuditContext"/>, and written by the background
    /// writer; it is flushed on shutdown. When the queue is full, the call waits for space (backpressure)
    /// for at most <see cref="AuditKitOptions.EnqueueTimeout"/>.
    /// </summary>
    /// <param name="auditEvent">The event; AuditKit owns it afterwards.</param>
    /// <exception cref="ArgumentException">The event breaks a documented limit; the message names the field.</exception>
    /// <exception cref="AuditLogUnavailableException">The log is stopped, or the queue stayed full past the timeout.</exception>
    void Record(AuditEvent auditEvent);

    /// <summary>
    /// Records an event and, with <see cref="AuditDurability.Committed"/> (the default), completes when the
    /// batch holding it has been committed to the store (group commit: concurrent callers share one transaction).
    /// </summary>
    /// <param name="auditEvent">The event; AuditKit owns it afterwards.</param>
    /// <param name="durability">When to return.</param>
    /// <param name="cancellationToken">Stops waiting; the event, once queued, is still written.</param>
    /// <returns>The event, with its <see cref="AuditEvent.Sequence"/> and <see cref="AuditEvent.Hash"/> set when committed.</returns>
    /// <exception cref="ArgumentException">The event breaks a documented limit; the message names the field.</exception>
    /// <exception cref="AuditLogUnavailableException">The log is stopped, or the event could not be committed.</exception>
    ValueTask<AuditEvent> RecordAsync(AuditEvent auditEvent, AuditDurability durability = AuditDurability.Committed, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a change of one record from two snapshots: a Create with every initial value when
    /// <paramref name="before"/> is null, a Delete with every final value when <paramref name="after"/> is
    /// null, otherwise an Update with the changed fields (see <see cref="IChangeDetector"/>). An update that
    /// changed nothing records nothing and returns <see langword="null"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Both snapshots are null, or the entity type or record id is empty.</exception>
    ValueTask<AuditEvent?> RecordChangeAsync<T>(string entityType, string recordId, string? recordName, T? before, T? after, AuditDurability durability = AuditDurability.Committed, CancellationToken cancellationToken = default)
        where T : class;

    /// <summary>Completes when every event queued before the call has been committed.</summary>
    Task FlushAsync(CancellationToken cancellationToken = default);
}
