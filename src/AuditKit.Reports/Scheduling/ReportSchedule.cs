namespace AuditKit.Reports;

/// <summary>
/// One scheduled report ("Monthly User Access, 1st of month"): a cron expression in a time zone, the report and its
/// parameters. Each run covers the time from the previous occurrence to this one. Kept in the
/// <see cref="ReportSchedules"/> settings document.
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
}
