namespace AuditKit;

/// <summary>The period and sizes of <see cref="IAuditInsights.GetSecurityOverviewAsync"/>.</summary>
public sealed record SecurityOverviewRequest
{
    /// <summary>The period's start; default 7 days before <see cref="To"/>.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>The period's end (exclusive); default now.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Only this tenant's events (the reader's ambient tenant scope applies in any case).</summary>
    public string? TenantId { get; init; }

    /// <summary>How many accounts "most failed logins" lists. Default 5.</summary>
    public int TopAccounts { get; init; } = 5;

    /// <summary>How many recent security events to list. Default 10, at most 1,000.</summary>
    public int RecentCount { get; init; } = 10;
}
