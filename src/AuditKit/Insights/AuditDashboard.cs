namespace AuditKit;

/// <summary>The dashboard's figures (<see cref="IAuditInsights.GetDashboardAsync"/>).</summary>
/// <param name="Today">Events since midnight, against yesterday up to the same time of day.</param>
/// <param name="ThisWeek">Events since the week began, against the same span of last week.</param>
/// <param name="ThisMonth">Events since the month began, against the same span of last month.</param>
/// <param name="StorageUsedBytes">The store's size on disk (within the tenant scope where the store can tell).</param>
/// <param name="StorageCapacityBytes">The configured capacity, if any.</param>
/// <param name="ActivityByCategory">This month's events by category, largest first, with their share in percent.</param>
/// <param name="RecentHighPriority">The newest events of at least the requested risk, with one-line summaries.</param>
/// <param name="GeneratedAt">When the figures were computed.</param>
public sealed record AuditDashboard(
    PeriodCount Today,
    PeriodCount ThisWeek,
    PeriodCount ThisMonth,
    long StorageUsedBytes,
    long? StorageCapacityBytes,
    IReadOnlyList<CategoryShare> ActivityByCategory,
    IReadOnlyList<HighPriorityEvent> RecentHighPriority,
    DateTimeOffset GeneratedAt)
{
    /// <summary>Storage used as a percentage of the capacity, or null without a capacity.</summary>
    public double? StorageUsedPercent => StorageCapacityBytes is > 0 and var capacity ? 100.0 * StorageUsedBytes / capacity : null;
}

/// <summary>A count over a period so far, and over the same span of the period before it ("↑ 12% from yesterday").</summary>
/// <param name="From">The period's start (local midnight, in the request's time zone).</param>
/// <param name="To">Now.</param>
/// <param name="Count">Events in [From, To).</param>
/// <param name="PreviousFrom">The previous period's start.</param>
/// <param name="PreviousTo">The previous period's start plus the same local time of day (or day of the week/month) as now.</param>
/// <param name="PreviousCount">Events in [PreviousFrom, PreviousTo).</param>
public sealed record PeriodCount(DateTimeOffset From, DateTimeOffset To, long Count, DateTimeOffset PreviousFrom, DateTimeOffset PreviousTo, long PreviousCount)
{
    /// <summary>The change against the previous period in percent (12.0 for "↑ 12%"); null when the previous period had no events.</summary>
    public double? ChangePercent => PreviousCount == 0 ? null : 100.0 * (Count - PreviousCount) / PreviousCount;
}

/// <summary>One category's share of the events.</summary>
/// <param name="Category">The category.</param>
/// <param name="Count">Its events.</param>
/// <param name="Percent">Its share of all events in percent.</param>
public sealed record CategoryShare(AuditCategory Category, long Count, double Percent);

/// <summary>A recent high-priority event as the dashboard lists it: "Failed login attempts (5) - John's account - 10 min ago".</summary>
/// <param name="Event">The event.</param>
/// <param name="Summary">A one-line summary.</param>
/// <param name="When">Its time relative to now ("10 min ago", "2 hours ago", "Today", "Yesterday", "Jan 20").</param>
public sealed record HighPriorityEvent(AuditEvent Event, string Summary, string When);
