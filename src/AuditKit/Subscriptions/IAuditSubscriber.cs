namespace AuditKit;

/// <summary>
/// Receives what has committed to the audit store, in batches, through a named subscription
/// (<see cref="AuditSubscriptionBuilderExtensions.AddSubscription{THandler}"/>): the alert engine, SIEM forwarding and live
/// screens are subscribers. Delivery is at least once: after a failure, a restart or a lease takeover a batch may come
/// again, so de-duplicate by <see cref="AuditEvent.Id"/> where it matters. See docs/subscriptions.md.
/// </summary>
public interface IAuditSubscriber
{
    /// <summary>
    /// Handles a batch: events of one stream in sequence order, as stored (tenant, erased fields and all). Return once they
    /// are handled; the subscription's position moves past them only then. Throw to have the same batch delivered again
    /// after a back-off.
    /// </summary>
    /// <param name="events">One to <see cref="AuditSubscriptionOptions.BatchSize"/> events of one stream.</param>
    /// <param name="cancellationToken">
    /// Cancelled when this instance's lease ends or when the host's stop is no longer graceful (its shutdown timeout): a
    /// graceful stop lets a call in flight finish and saves its position.
    /// </param>
    /// <returns>A task that completes when the batch is handled.</returns>
    Task HandleAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken);
}
