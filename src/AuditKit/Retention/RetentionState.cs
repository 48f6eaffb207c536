namespace AuditKit;

/// <summary>
/// The job's own progress (settings document <c>retention-state</c>, saved through the store so it is not a SettingsChanged
/// event): the unit of work in flight, so that a crash anywhere is completed by the next run, and the last archive of each
/// stream and tenant, which the next one links to. It carries the job's lease (<see cref="AuditSettingsLease{TState}"/>):
/// only the instance holding it runs, and every save of the state is fenced by it.
/// </summary>
internal sealed class RetentionState : ILeasedState
{
    public const string DocumentName = "retention-state";

    public string? Owner { get; set; }

    public DateTimeOffset LeaseUntil { get; set; }

    /// <summary>The latest schedule occurrence an instance ran (claimed with the lease), so that of several instances woken by the same occurrence only one runs it.</summary>
    public DateTimeOffset? LastOccurrence { get; set; }

    /// <summary>Per stream, how far the job has read it and which events it left in place (where the next run starts).</summary>
    public Dictionary<int, RetentionScan> Scans { get; set; } = [];

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

    /// <summary>What the unit's read found, recorded as the stream's scan when the unit completes.</summary>
    public RetentionScan? Scan { get; set; }
}

/// <summary>
/// How far a stream was read and what was left in place below that point: everything read before
/// <see cref="FirstUnexpired"/> (and not held) is gone from the store, so while the categories with a policy do not grow
/// and no hold of <see cref="Holds"/> is lifted, the next run starts at <see cref="FirstUnexpired"/> (or after
/// <see cref="Through"/>); otherwise at <see cref="FirstHeld"/> or from the start.
/// </summary>
internal sealed class RetentionScan
{
    /// <summary>The first sequence read.</summary>
    public long From { get; set; }

    /// <summary>The last sequence read.</summary>
    public long Through { get; set; }

    /// <summary>The lowest sequence of an event left because it had not expired yet (null: none).</summary>
    public long? FirstUnexpired { get; set; }

    /// <summary>The lowest sequence of an expired event a hold kept (null: none).</summary>
    public long? FirstHeld { get; set; }

    /// <summary>The categories that had a policy: an event of any other category was left in place unread.</summary>
    public List<AuditCategory> Categories { get; set; } = [];

    /// <summary>The holds that kept events (the read's and the deletion's).</summary>
    public List<AuditLegalHold> Holds { get; set; } = [];

    /// <summary>Where the next read of the stream starts, given the categories with a policy and the holds in force now.</summary>
    public long NextFrom(IReadOnlyCollection<AuditCategory> categories, IReadOnlyCollection<AuditLegalHold> holds)
    {
        if (categories.Any(c => !Categories.Contains(c)))
        {
            return 1;
        }

        var from = FirstUnexpired ?? Through + 1;
        if (FirstHeld is { } held && Holds.Any(h => !holds.Contains(h)))
        {
            from = Math.Min(from, held);
        }

        return from;
    }
}

/// <summary>
/// A category's cut-off in a unit: its events before <see cref="Before"/> expire; those at or after
/// <see cref="ArchiveFrom"/> go to an archive first (null: none do; events whose archive period has already ended are
/// deleted without an archive, which would only be purged at once).
/// </summary>
internal sealed record RetentionCutoff(AuditCategory Category, DateTimeOffset Before, DateTimeOffset? ArchiveFrom);

/// <summary>An archive as the next one of its stream and tenant links to it.</summary>
internal sealed record RetentionLink(string Key, string Name, string Sha256, long EventCount);
