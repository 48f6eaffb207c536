namespace AuditKit;

/// <summary>Whose activity and over which period <see cref="IAuditInsights.GetUserActivityAsync"/> summarizes.</summary>
public sealed record UserActivityRequest
{
    /// <summary>The user's actor id.</summary>
    public required string ActorId { get; init; }

    /// <summary>The period's start; default 30 days before <see cref="To"/> ("Last 30 Days").</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>The period's end (exclusive); default now.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Only this tenant's events (the reader's ambient tenant scope applies in any case).</summary>
    public string? TenantId { get; init; }

    /// <summary>How many entity types "Activity by Module" names before "Other". Default 4.</summary>
    public int TopModules { get; init; } = 4;

    /// <summary>How many recent events to list. Default 10, at most 1,000.</summary>
    public int RecentCount { get; init; } = 10;
}
