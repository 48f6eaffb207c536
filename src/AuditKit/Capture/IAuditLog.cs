namespace AuditKit;

/// <summary>Records audit events. Register it with <c>services.AddAuditKit(...)</c> and inject it.</summary>
public interface IAuditLog
{
    /// <summary>
    /// Queues an event and returns at once (fire-and-forget): no I/O on the caller's thread. The event is
    /// validated here, enriched from the ambient <see cref="AuditContext"/>, and written by the background
    /// writer; it is flushed on shutdown. When the queue is full, the call waits for space (backpressure)
    /// for at most <see cref="AuditKitOptions.EnqueueTimeout"/>, then writes the event to the overflow journal;
    /// so does an event recorded after the log stopped (the next start writes it).
    /// </summary>
    /// <remarks>
    /// Never throws because of the store, the queue or a stopped log. If even the overflow journal cannot be
    /// written (disk full), the event is lost: counted (<c>auditkit.events.unwritten</c>), logged as an error, and
    /// the health check turns Unhealthy. Use <see cref="RecordAsync"/> where a caller must know.
    /// </remarks>
    /// <param name="auditEvent">The event; AuditKit owns it afterwards.</param>
    /// <exception cref="ArgumentException">The event breaks a documented limit; the message names the field.</exception>
    void Record(AuditEvent auditEvent);

    /// <summary>
    /// Records an event and, with <see cref="AuditDurability.Committed"/> (the default), completes when the
    /// batch holding it has been committed to the store (group commit: concurrent callers share one transaction),
    /// or, while the store fails or has not been reached since start-up, once the event is fsync'd in a journal
    /// (written to the store later, in order). An event recorded while the queue stays full past
    /// <see cref="AuditKitOptions.EnqueueTimeout"/>, while the store is unreachable, or after the log stopped goes
    /// to the overflow journal: the call completes once it is durable there, with <see cref="AuditEvent.Sequence"/> 0.
    /// </summary>
    /// <param name="auditEvent">The event; AuditKit owns it afterwards.</param>
    /// <param name="durability">When to return.</param>
    /// <param name="cancellationToken">Stops waiting; the event, once queued, is still written.</param>
    /// <returns>The event, with its <see cref="AuditEvent.Sequence"/> and <see cref="AuditEvent.Hash"/> set when committed.</returns>
    /// <exception cref="ArgumentException">The event breaks a documented limit; the message names the field.</exception>
    /// <exception cref="AuditLogUnavailableException">
    /// The event could not be made durable anywhere: the journal it needed cannot be written (disk full, no
    /// permission), or it was durable nowhere within <see cref="AuditKitOptions.CommitTimeout"/> (the writer keeps
    /// trying, so it may still be written).
    /// </exception>
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

    /// <summary>
    /// Completes when every event queued before the call is durable: committed, or, while the store fails or is
    /// unreachable, in a journal.
    /// </summary>
    /// <exception cref="AuditLogUnavailableException">The log is stopped (there is no writer to flush; events recorded after the stop wait in the overflow journal for the next start).</exception>
    Task FlushAsync(CancellationToken cancellationToken = default);
}
