namespace AuditKit;

/// <summary>
/// A legal hold the caller of <see cref="AuditStore.DeleteEventsAsync"/> passes: events it covers are never deleted.
/// A hold covers an event when every criterion it sets matches (unset criteria match anything); it must set at least
/// one. Text criteria compare ordinally; the time range is <see cref="From"/> inclusive to <see cref="To"/> exclusive.
/// </summary>
public sealed record AuditLegalHold
{
    /// <summary>Covers only this tenant's events.</summary>
    public string? TenantId { get; init; }

    /// <summary>Covers only events of this actor (<see cref="AuditActor.Id"/>).</summary>
    public string? ActorId { get; init; }

    /// <summary>Covers only events on this entity type (<see cref="AuditTarget.EntityType"/>).</summary>
    public string? EntityType { get; init; }

    /// <summary>Covers only events on this record (<see cref="AuditTarget.RecordId"/>); needs <see cref="EntityType"/>.</summary>
    public string? RecordId { get; init; }

    /// <summary>Covers only events at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Covers only events before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Whether this hold covers <paramref name="e"/>: the one rule every store applies.</summary>
    /// <param name="e">A stored event.</param>
    /// <returns>True when every criterion the hold sets matches the event.</returns>
    public bool Covers(AuditEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var micros = AuditCursor.ToMicros(e.Timestamp);
        return (TenantId is null || string.Equals(TenantId, e.TenantId, StringComparison.Ordinal))
            && (ActorId is null || string.Equals(ActorId, e.Actor?.Id, StringComparison.Ordinal))
            && (EntityType is null || string.Equals(EntityType, e.Target?.EntityType, StringComparison.Ordinal))
            && (RecordId is null || string.Equals(RecordId, e.Target?.RecordId, StringComparison.Ordinal))
            && (From is not { } from || micros >= AuditCursor.ToMicros(from))
            && (To is not { } to || micros < AuditCursor.ToMicros(to));
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the criterion when the hold sets none, sets an empty one, a record without its entity type, or an empty time range.</summary>
    /// <param name="parameterName">The parameter to name in the exception.</param>
    public void Validate(string parameterName = "hold")
    {
        if (TenantId is null && ActorId is null && EntityType is null && RecordId is null && From is null && To is null)
        {
            throw new ArgumentException("A legal hold sets at least one of TenantId, ActorId, EntityType (+ RecordId), From, To; an empty one would hold nothing back by accident.", parameterName);
        }

        foreach (var (value, name) in new[] { (TenantId, nameof(TenantId)), (ActorId, nameof(ActorId)), (EntityType, nameof(EntityType)), (RecordId, nameof(RecordId)) })
        {
            if (value is { Length: 0 })
            {
                throw new ArgumentException($"AuditLegalHold.{name} is empty; leave it null to match any value.", parameterName);
            }
        }

        if (RecordId is not null && EntityType is null)
        {
            throw new ArgumentException("AuditLegalHold.RecordId needs EntityType: a record id is only unique within its entity type.", parameterName);
        }

        if (From is { } from && To is { } to && to <= from)
        {
            throw new ArgumentException($"AuditLegalHold.To ({to:O}) must be after From ({from:O}).", parameterName);
        }
    }
}
