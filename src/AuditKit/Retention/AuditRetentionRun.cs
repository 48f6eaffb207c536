namespace AuditKit;

/// <summary>What one retention run did.</summary>
/// <param name="ArchivesWritten">Archives written, read back and verified.</param>
/// <param name="EventsArchived">Events in them.</param>
/// <param name="EventsDeleted">Events deleted from the active store (archived, or expired without archive).</param>
/// <param name="EventsHeld">Expired events legal holds kept.</param>
/// <param name="ArchivesPurged">Archives removed past their archive period.</param>
/// <param name="ArchivesKeptByHolds">Archives past their period that a legal hold kept.</param>
/// <param name="Resumed">Whether it completed a step an earlier run left unfinished (a crash).</param>
public sealed record AuditRetentionRun(int ArchivesWritten, long EventsArchived, long EventsDeleted, long EventsHeld, int ArchivesPurged, int ArchivesKeptByHolds, bool Resumed)
{
    /// <summary>Whether the run did nothing because another instance holds the job's lease (or already ran the scheduled occurrence).</summary>
    public bool Skipped { get; init; }

    /// <summary>Events read from the active store's streams (each stream from where the previous run left it, docs/retention.md).</summary>
    public long EventsRead { get; init; }
}
