namespace AuditKit.Reports;

/// <summary>The result of a schedule's run.</summary>
/// <param name="Occurrence">The occurrence it ran for (the end of its range).</param>
/// <param name="Outcome">Success; Warning when the file was written but a delivery failed; Failure when no file was written.</param>
/// <param name="FileName">The file written to the folder; null when none was.</param>
/// <param name="Rows">The report's rows; null when no file was written.</param>
/// <param name="Deliveries">One entry per channel the file was sent through.</param>
/// <param name="Error">Why the report could not be written; null when it was.</param>
public sealed record ReportScheduleRun(DateTimeOffset Occurrence, AuditOutcome Outcome, string? FileName, long? Rows, IReadOnlyList<ReportDeliveryOutcome> Deliveries, string? Error);
