namespace AuditKit;

/// <summary>A legal hold in force: what it covers, why, and who placed it when.</summary>
/// <param name="Id">Its id (lift it with this).</param>
/// <param name="Hold">What it covers (tenant, actor, entity/record, time range).</param>
/// <param name="Reason">Why (a matter or case reference).</param>
/// <param name="PlacedAt">When it was placed.</param>
/// <param name="PlacedBy">The actor id that placed it, when known.</param>
public sealed record AuditLegalHoldEntry(string Id, AuditLegalHold Hold, string Reason, DateTimeOffset PlacedAt, string? PlacedBy);
