namespace AuditKit;

/// <summary>
/// The job's own progress (settings document <c>retention-state</c>, saved through the store so it is not a SettingsChanged
/// event): the unit of work in flight, so that a crash anywhere is completed by the next run, and the last archive of each
/// stream and tenant, which the next one links to.
/// </summary>
internal sealed class RetentionState
{
    public const string DocumentName = "retention-state";

    public RetentionUnit? Pending { get; set; }

    public Dictionary<string, RetentionLink> Links { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One stream's archive-and-delete step.</summary>
internal sealed class RetentionUnit
{
    public const string Writing = "writing";
    public const string Deleting = "deleting";

    public string RunId { get; set; } = string.Empty;

    public int StreamId { get; set; }

    public long ThroughSequence { get; set; }

    public string Phase { get; set; } = Writing;

    public List<RetentionCutoff> Cutoffs { get; set; } = [];

    public List<AuditLegalHold> Holds { get; set; } = [];

    public List<RetentionLink> Archives { get; set; } = [];
}

/// <summary>
/// A category's cut-off in a unit: its events before <see cref="Before"/> expire; those at or after
/// <see cref="ArchiveFrom"/> go to an archive first (null: none do; events whose archive period has already ended are
/// deleted without an archive, which would only be purged at once).
/// </summary>
internal sealed record RetentionCutoff(AuditCategory Category, DateTimeOffset Before, DateTimeOffset? ArchiveFrom);

/// <summary>An archive as the next one of its stream and tenant links to it.</summary>
internal sealed record RetentionLink(string Key, string Name, string Sha256, long EventCount);
