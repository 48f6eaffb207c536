namespace AuditKit;

/// <summary>Filters of the alert inbox; results come newest first, one page of AlertTriggered events at a time.</summary>
public sealed record AlertInboxQuery
{
    /// <summary>Only alerts in this status.</summary>
    public AlertStatus? Status { get; init; }

    /// <summary>Only alerts of this rule.</summary>
    public string? RuleId { get; init; }

    /// <summary>Alerts raised at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Alerts raised before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Alerts read per page, 1 to 200 (default 50). With a status or rule filter a page may hold fewer; continue while <see cref="AlertInboxPage.NextCursor"/> is set.</summary>
    public int PageSize { get; init; } = 50;

    /// <summary>The previous page's <see cref="AlertInboxPage.NextCursor"/>.</summary>
    public string? Cursor { get; init; }
}
