using System.Globalization;
using AuditKit.Reports;

namespace AuditKit.Notifications;

/// <summary>The plain-text facts of a scheduled report that every channel shows (escaped by the channel).</summary>
internal static class ReportText
{
    public static string Subject(ReportDelivery delivery) => $"Scheduled report: {delivery.Result.Title} ({delivery.Schedule})";

    /// <summary>Label/value lines: period, rows, tenant, evidence, file.</summary>
    public static IReadOnlyList<(string Label, string Value)> Facts(ReportDelivery delivery, long fileBytes)
    {
        var r = delivery.Result;
        var facts = new List<(string, string)>
        {
            ("Report", r.Title),
            ("Schedule", delivery.Schedule),
            ("Period", $"{Time(delivery.Request.From)} to {Time(delivery.Request.To)} (end exclusive)"),
            ("Rows", $"{r.Rows.ToString("N0", CultureInfo.InvariantCulture)} from {r.Events.ToString("N0", CultureInfo.InvariantCulture)} events"),
            ("Generated", Time(r.GeneratedAt)),
            ("Evidence", r.Evidence.Intact ? "the hash chain of every row verified" : "VERIFICATION FOUND ISSUES: see the report's evidence section"),
            ("File", $"{delivery.FileName} ({fileBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes)"),
            ("Kept at", delivery.FilePath),
        };
        if (delivery.Request.TenantId is { } tenant)
        {
            facts.Insert(2, ("Tenant", tenant));
        }

        return facts;
    }

    /// <summary>The file's media type: a PDF past <c>ReportOptions.MaxPdfRows</c> rows is a ZIP of PDF volumes.</summary>
    public static string MediaType(AuditReportResult result) => result.Volumes > 1 ? "application/zip" : MediaType(result.Format);

    public static string MediaType(AuditReportFormat format) => format switch
    {
        AuditReportFormat.Csv => "text/csv",
        AuditReportFormat.JsonLines => "application/jsonl",
        _ => "application/pdf",
    };

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
