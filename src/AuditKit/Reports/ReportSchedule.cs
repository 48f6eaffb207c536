namespace AuditKit.Reports;

/// <summary>
/// One scheduled report ("Monthly User Access, 1st of month"): a cron expression in a time zone, the report and its
/// parameters, and the notification channels its file is sent through. Each run covers the time from the previous
/// occurrence to this one. Kept in the <c>report-schedules</c> settings document (<c>ReportSchedules</c> in
/// AuditKit.Reports); read and saved through <see cref="IAuditReportSchedules"/>.
/// </summary>
public sealed class ReportSchedule
{
    /// <summary>The schedule's name, also the start of its files' names: lower-case letters, digits, '-' and '_', at most 64 characters.</summary>
    public string Name { get; set; } = "";

    /// <summary>A five-field cron expression (Cronos syntax): <c>0 6 * * *</c> daily at 6 AM, <c>0 0 * * MON</c> every Monday, <c>0 0 1 * *</c> the 1st of each month.</summary>
    public string Cron { get; set; } = "";

    /// <summary>The time zone the cron expression is read in (an IANA or Windows id). Default UTC.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>The report.</summary>
    public AuditReportKind Report { get; set; }

    /// <summary>The output format. Default PDF.</summary>
    public AuditReportFormat Format { get; set; } = AuditReportFormat.Pdf;

    /// <summary>Only these actor ids; empty for all users.</summary>
    public List<string> Users { get; set; } = [];

    /// <summary>Include successful actions. Default true.</summary>
    public bool IncludeSuccessful { get; set; } = true;

    /// <summary>Include failed attempts. Default true.</summary>
    public bool IncludeFailed { get; set; } = true;

    /// <summary>Only this tenant's events.</summary>
    public string? TenantId { get; set; }

    /// <summary>Whether the schedule runs. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The notification channels each run's file is sent through, by name (<see cref="IReportChannel.Name"/>, as
    /// registered with AuditKit.Notifications: <c>email:compliance</c>, <c>slack:audit</c>); empty: the file is only
    /// written to the folder. The file stays in the folder whether or not a delivery succeeds.
    /// </summary>
    public List<string> Channels { get; set; } = [];
}
