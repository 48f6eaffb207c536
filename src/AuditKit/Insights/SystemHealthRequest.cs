namespace AuditKit;

/// <summary>The period and rules of <see cref="IAuditInsights.GetSystemHealthAsync"/>.</summary>
public sealed record SystemHealthRequest
{
    /// <summary>The period's start; default 30 days before <see cref="To"/>.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>The period's end (exclusive); default now.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Only this tenant's events (the reader's ambient tenant scope applies in any case).</summary>
    public string? TenantId { get; init; }

    /// <summary>How often components record <see cref="AuditEvents.Heartbeat"/>. Default 1 minute; at most 1 hour.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How many recent system events and errors to list. Default 10, at most 1,000.</summary>
    public int RecentCount { get; init; } = 10;
}
