namespace AuditKit.Reports;

/// <summary>One schedule with its next and last runs.</summary>
/// <param name="Schedule">The schedule.</param>
/// <param name="NextRun">Its next occurrence (UTC); null when it is disabled or its cron expression has no further occurrence.</param>
/// <param name="LastRun">Its last run; null when it has not run yet.</param>
public sealed record ReportScheduleState(ReportSchedule Schedule, DateTimeOffset? NextRun, ReportScheduleRun? LastRun);
