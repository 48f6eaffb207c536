namespace AuditKit;

/// <summary>What one call of <see cref="AuditStore.DeleteEventsAsync"/> did.</summary>
/// <param name="Deleted">Events deleted by this call (each leaves an <see cref="AuditTombstone"/>).</param>
/// <param name="Held">Events of the selection that legal holds keep (at the time of the call).</param>
/// <param name="Completed">
/// True when nothing deletable is left in the selection: call again while it is false. The newest event of each stream
/// is never deleted (the stream's chain continues from it), so it stays until a newer event is written.
/// </param>
public sealed record AuditDeletionResult(int Deleted, long Held, bool Completed);
