namespace AuditKit;

/// <summary>One erasure applied to a stored event: when, by whom, why and which fields (paths such as <c>actor.email</c>).</summary>
/// <param name="At">When the values were erased (UTC).</param>
/// <param name="ErasedBy">Who asked for it (an actor id).</param>
/// <param name="Reason">Why, for example a request reference.</param>
/// <param name="Fields">The erased paths: <c>actor.name</c>, <c>client.ipAddress</c>, <c>target.recordName</c>, <c>changes[2].new</c>…</param>
public sealed record AuditErasureReceipt(DateTimeOffset At, string ErasedBy, string Reason, IReadOnlyList<string> Fields);
