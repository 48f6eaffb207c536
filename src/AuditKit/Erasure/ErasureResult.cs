namespace AuditKit;

/// <summary>What an erasure did.</summary>
/// <param name="EventsErased">Events that had at least one value erased.</param>
/// <param name="FieldsErased">Values erased in total.</param>
/// <param name="EventsNotSealed">
/// Matching events that hold personal values in plain text (recorded before <c>AddErasure</c> was enabled, or
/// with that field not sealed): they cannot be erased without breaking the chain and were left unchanged.
/// </param>
/// <param name="Receipt">The event recording the erasure itself, in the log.</param>
public sealed record ErasureResult(int EventsErased, int FieldsErased, int EventsNotSealed, AuditEvent Receipt);
