namespace AuditKit;

/// <summary>The System Events screen's figures (<see cref="IAuditInsights.GetSystemHealthAsync"/>); definitions in docs/insights.md.</summary>
/// <param name="From">The period's start.</param>
/// <param name="To">The period's end (exclusive).</param>
/// <param name="UptimePercent">The average of the components' uptimes; null when no component sent a heartbeat.</param>
/// <param name="Components">Each component that sent a heartbeat in the period.</param>
/// <param name="Jobs">Scheduled job runs by outcome.</param>
/// <param name="AverageResponse">The mean response time reported with heartbeats (<c>response_ms</c>); null when none reported one.</param>
/// <param name="Recent">The newest system events other than heartbeats, with their status.</param>
/// <param name="RecentErrors">The newest failed system events (errors, failed jobs and syncs).</param>
public sealed record SystemHealth(
    DateTimeOffset From,
    DateTimeOffset To,
    double? UptimePercent,
    IReadOnlyList<ComponentHealth> Components,
    JobSummary Jobs,
    TimeSpan? AverageResponse,
    IReadOnlyList<EventStatusRow> Recent,
    IReadOnlyList<AuditEvent> RecentErrors);

/// <summary>One component's health.</summary>
/// <param name="Component">The component.</param>
/// <param name="Heartbeats">Heartbeats received in the period.</param>
/// <param name="UptimePercent">Hours of the period (from the component's first heartbeat) weighted by the share of expected heartbeats received, in percent.</param>
/// <param name="LastHeartbeat">The newest heartbeat.</param>
/// <param name="IsUp">Whether the newest heartbeat is at most two intervals before the period's end.</param>
public sealed record ComponentHealth(string Component, long Heartbeats, double UptimePercent, DateTimeOffset LastHeartbeat, bool IsUp);

/// <summary>Scheduled job runs (<see cref="AuditActions.JobExecuted"/>) in the period.</summary>
/// <param name="Total">All runs.</param>
/// <param name="Failed">Runs with outcome Failure or Denied.</param>
/// <param name="Warnings">Runs with outcome Warning.</param>
public sealed record JobSummary(long Total, long Failed, long Warnings)
{
    /// <summary>Failed runs as a percentage of all runs; null without runs.</summary>
    public double? FailedPercent => Total == 0 ? null : 100.0 * Failed / Total;
}
