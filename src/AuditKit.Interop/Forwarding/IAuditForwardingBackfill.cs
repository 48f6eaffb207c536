namespace AuditKit.Interop;

/// <summary>
/// Replays a past range of the committed log to a registered forwarding (a SIEM that was added later, or lost data).
/// The subscription's own positions are not touched: live forwarding goes on beside the replay.
/// </summary>
public interface IAuditForwardingBackfill
{
    /// <summary>The names of the registered forwardings (<c>forward.syslog</c>, <c>forward.http</c>, <c>forward.otlp</c>, ...).</summary>
    IReadOnlyCollection<string> Forwardings { get; }

    /// <summary>
    /// Hands every stored event with <paramref name="from"/> ≤ timestamp &lt; <paramref name="to"/>, of every stream in
    /// sequence order, to the forwarding named <paramref name="forwarding"/>, in batches of <paramref name="batchSize"/>.
    /// A failing batch throws (nothing is retried here: run the backfill again; receivers de-duplicate by event id).
    /// </summary>
    /// <param name="forwarding">A name from <see cref="Forwardings"/>.</param>
    /// <param name="from">The first instant included.</param>
    /// <param name="to">The first instant excluded.</param>
    /// <param name="batchSize">Events per batch (1–10,000).</param>
    /// <param name="cancellationToken">Stops the replay between batches.</param>
    /// <returns>How many events were forwarded.</returns>
    /// <exception cref="ArgumentException">No forwarding has that name, or the range is empty.</exception>
    Task<long> BackfillAsync(string forwarding, DateTimeOffset from, DateTimeOffset to, int batchSize = 500, CancellationToken cancellationToken = default);
}
