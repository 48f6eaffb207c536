using Microsoft.EntityFrameworkCore;

namespace AuditKit;

/// <summary>
/// Replays what a process left in a business database's outbox table (<see cref="EntityAuditOptions.Outbox"/>): rows
/// committed with their business changes whose events the process died before storing. Call it once at start-up
/// for each audited database, e.g. from a hosted service.
/// </summary>
public interface IAuditOutboxRelay
{
    /// <summary>
    /// Queues the events of outbox rows older than <see cref="EntityAuditOptions.OutboxRelayAge"/> that the audit store
    /// does not hold yet (an event it already holds is not written twice), waits until they are stored, and deletes
    /// the rows. Events keep the id, time and seals they were given when their transaction committed.
    /// </summary>
    /// <param name="context">A context on the business database; its connection is used, outside any transaction.</param>
    /// <param name="cancellationToken">Cancels the relay; rows not yet relayed stay for the next call.</param>
    /// <returns>How many events were written to the audit log (rows whose events were already stored are only deleted).</returns>
    /// <exception cref="NotSupportedException">The context's provider is not SQLite or PostgreSQL.</exception>
    Task<int> RelayAsync(DbContext context, CancellationToken cancellationToken = default);
}
