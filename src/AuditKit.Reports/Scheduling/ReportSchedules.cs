using AuditKit.Reports.Scheduling;

namespace AuditKit.Reports;

/// <summary>
/// The report schedules, a settings document (<see cref="DocumentName"/>) read and saved with <see cref="IAuditSettings"/>:
/// versioned, and every save recorded as a SettingsChanged event. <see cref="IAuditReportSchedules"/> reads and saves it
/// with validation, tenant scope and each schedule's next and last runs.
/// </summary>
public sealed class ReportSchedules
{
    /// <summary>The settings document's name.</summary>
    public const string DocumentName = "report-schedules";

    /// <summary>The schedules.</summary>
    public List<ReportSchedule> Schedules { get; set; } = [];

    /// <summary>Throws <see cref="ArgumentException"/> naming the schedule and field when a schedule cannot run; call before saving.</summary>
    /// <exception cref="ArgumentException">A name, cron expression, time zone or parameter is invalid, or a name is used twice.</exception>
    public void Validate() => ReportScheduleValidation.Validate(Schedules, "ReportSchedules.Schedules", channels: null);
}
