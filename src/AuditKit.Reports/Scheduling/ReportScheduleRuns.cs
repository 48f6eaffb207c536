namespace AuditKit.Reports.Scheduling;

/// <summary>
/// The settings document <c>report-schedule-runs</c>: per schedule, the occurrence last claimed and the last run's result.
/// Saving it as the version after the one read is the claim: of several instances that see the same due occurrence, only
/// the one whose save succeeds runs it.
/// </summary>
internal sealed class ReportScheduleRuns
{
    public const string DocumentName = "report-schedule-runs";

    public Dictionary<string, DateTimeOffset> LastRuns { get; set; } = [];

    public Dictionary<string, ReportScheduleRun> Results { get; set; } = [];
}
