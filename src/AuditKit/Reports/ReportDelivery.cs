namespace AuditKit.Reports;

/// <summary>A finished scheduled report on its way to an <see cref="IReportChannel"/>.</summary>
/// <param name="Schedule">The schedule's name (<see cref="ReportSchedule.Name"/>).</param>
/// <param name="Request">The report and its parameters (the range is the schedule's previous occurrence to this one).</param>
/// <param name="Result">What was written: title, format, rows, events, generation time and the evidence section.</param>
/// <param name="FilePath">The full path of the written file in the schedule folder; it stays there after the delivery.</param>
public sealed record ReportDelivery(string Schedule, AuditReportRequest Request, AuditReportResult Result, string FilePath)
{
    /// <summary>The file's name (<c>monthly-user-access-20260301T0000Z.pdf</c>).</summary>
    public string FileName => Path.GetFileName(FilePath);
}
