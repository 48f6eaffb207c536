namespace AuditKit;

/// <summary>A record's field values at a moment, rebuilt from its recorded Create, Update and Delete events.</summary>
/// <param name="EntityType">The record's entity type.</param>
/// <param name="RecordId">The record's id.</param>
/// <param name="At">The moment the state is for.</param>
/// <param name="Exists">Whether the record existed then (created and not yet deleted).</param>
/// <param name="Fields">Field path → value (invariant text; <c>***</c> for masked fields); fields never set or set to null are absent, and so are <see cref="UnknownFields"/>.</param>
/// <param name="LastChange">The last change at or before <paramref name="At"/>, if any.</param>
/// <param name="ChangeCount">How many changes were applied.</param>
public sealed record RecordState(
    string EntityType,
    string RecordId,
    DateTimeOffset At,
    bool Exists,
    IReadOnlyDictionary<string, string?> Fields,
    AuditEvent? LastChange,
    int ChangeCount)
{
    /// <summary>
    /// Fields that were changed to a value the log does not hold (a bulk update recorded without values, see
    /// <see cref="AuditMetadata.UnknownFields"/>) and not set to a known value since: their value at <see cref="At"/>
    /// is unknown, so they are absent from <see cref="Fields"/>. Empty when every field's value is known.
    /// </summary>
    public IReadOnlyList<string> UnknownFields { get; init; } = [];

    /// <summary>Whether every field's value at <see cref="At"/> is known (<see cref="UnknownFields"/> is empty).</summary>
    public bool IsComplete => UnknownFields.Count == 0;
}
