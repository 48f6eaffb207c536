namespace AuditKit.Reports;

/// <summary>What a report or export wrote.</summary>
/// <param name="Title">The document's title ("User Access Report").</param>
/// <param name="Format">The format written.</param>
/// <param name="Rows">The table rows written (for the Data Change report one per changed field).</param>
/// <param name="Events">The audit events the rows come from.</param>
/// <param name="GeneratedAt">When the report was generated.</param>
/// <param name="Evidence">The closing evidence section: how the rows tie to the hash chain.</param>
public sealed record AuditReportResult(string Title, AuditReportFormat Format, long Rows, long Events, DateTimeOffset GeneratedAt, ReportEvidence Evidence)
{
    /// <summary>
    /// How many PDF volumes were written: 1 for one PDF; more when a PDF report has more rows than one volume holds
    /// (<c>ReportOptions.MaxPdfRows</c>), in which case the output is a ZIP archive of the volumes, not a PDF. Always 1 for CSV and JSON Lines.
    /// </summary>
    public int Volumes { get; init; } = 1;
}
