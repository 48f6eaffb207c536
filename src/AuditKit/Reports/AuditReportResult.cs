namespace AuditKit.Reports;

/// <summary>What a report or export wrote.</summary>
/// <param name="Title">The document's title ("User Access Report").</param>
/// <param name="Format">The format written.</param>
/// <param name="Rows">The table rows written (for the Data Change report one per changed field).</param>
/// <param name="Events">The audit events the rows come from.</param>
/// <param name="GeneratedAt">When the report was generated.</param>
/// <param name="Evidence">The closing evidence section: how the rows tie to the hash chain.</param>
public sealed record AuditReportResult(string Title, AuditReportFormat Format, long Rows, long Events, DateTimeOffset GeneratedAt, ReportEvidence Evidence);
