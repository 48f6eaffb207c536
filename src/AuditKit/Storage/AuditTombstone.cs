namespace AuditKit;

/// <summary>
/// What <see cref="AuditStore.DeleteEventsAsync"/> keeps of a deleted event: its position, time, category and the two
/// hashes that link it into its stream's chain, no content. The verifier checks the links and checkpoint leaves of
/// deleted positions from these, so a retention deletion is not reported as tampering (docs/integrity.md).
/// </summary>
/// <param name="StreamId">The stream.</param>
/// <param name="Sequence">The deleted event's sequence.</param>
/// <param name="Timestamp">The deleted event's time.</param>
/// <param name="Category">The deleted event's category.</param>
/// <param name="PreviousHash">Its previous hash, lower-case hex.</param>
/// <param name="Hash">Its hash, lower-case hex.</param>
/// <param name="DeletedAt">When it was deleted.</param>
public sealed record AuditTombstone(int StreamId, long Sequence, DateTimeOffset Timestamp, AuditCategory Category, string PreviousHash, string Hash, DateTimeOffset DeletedAt);
