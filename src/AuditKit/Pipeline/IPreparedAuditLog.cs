namespace AuditKit.Providers;

/// <summary>
/// The two halves of <see cref="IAuditLog.RecordAsync"/>, for a capture integration that keeps events in its own
/// transaction before they are queued (a transactional outbox, such as the EF Core package's): <see cref="Prepare"/>
/// fills the id and time, applies the event policy and seals personal values; the integration stores the prepared
/// event (<see cref="AuditEventJson"/>) with its own data, and after its commit calls <see cref="EnqueuePreparedAsync"/>.
/// AuditKit's own <see cref="IAuditLog"/> implements it: resolve <see cref="IAuditLog"/> and test it with <c>as</c>.
/// </summary>
public interface IPreparedAuditLog
{
    /// <summary>Prepares an event as <see cref="IAuditLog.RecordAsync"/> would before queueing it.</summary>
    /// <param name="auditEvent">The event; it is modified in place.</param>
    /// <returns>False when the event policy drops the event (do not keep it).</returns>
    /// <exception cref="ArgumentException">The event is not valid; the message names the member.</exception>
    bool Prepare(AuditEvent auditEvent);

    /// <summary>
    /// Queues an event prepared by <see cref="Prepare"/> (possibly read back after a restart): its id, time and seals are
    /// kept as they are, so a replayed event is stored once. Same guarantees as <see cref="IAuditLog.RecordAsync"/>.
    /// </summary>
    /// <param name="auditEvent">The prepared event.</param>
    /// <param name="durability">When the returned task completes.</param>
    /// <param name="cancellationToken">Cancels the wait (not the write once queued).</param>
    /// <returns>The event, sequenced when <paramref name="durability"/> is <see cref="AuditDurability.Committed"/>.</returns>
    /// <exception cref="AuditLogUnavailableException">The event could not be made durable.</exception>
    ValueTask<AuditEvent> EnqueuePreparedAsync(AuditEvent auditEvent, AuditDurability durability, CancellationToken cancellationToken);
}
