namespace AuditKit;

/// <summary>
/// How long one category's events stay: <see cref="ActiveDays"/> in the active store, then archived until
/// <see cref="ArchiveDays"/> after the event (null: not archived, deleted when the active period ends).
/// </summary>
public sealed class AuditRetentionPolicy
{
    /// <summary>The category.</summary>
    public AuditCategory Category { get; set; }

    /// <summary>Days an event stays in the active store after its time (at least 1).</summary>
    public int ActiveDays { get; set; }

    /// <summary>Days after its time an event's archive is kept (at least <see cref="ActiveDays"/>); null: no archive ("None").</summary>
    public int? ArchiveDays { get; set; }

    /// <summary>Off: the category is kept in the active store indefinitely (the screen's Status column).</summary>
    public bool Enabled { get; set; } = true;
}
