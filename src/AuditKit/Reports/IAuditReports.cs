namespace AuditKit.Reports;

/// <summary>
/// The "Audit Compliance Reports" screen, "Export Results" and "Export Entry", one call each. Rows are read page by
/// page (keyset paging) and written as they come, never all held in memory (a PDF is held by PDFsharp until saved). Every call records
/// an audit event: <see cref="AuditActions.ReportGenerated"/> for a report, <see cref="AuditActions.Export"/> for an
/// export (actor from the ambient <see cref="AuditContext"/>). Register with <c>audit.AddReports()</c>.
/// </summary>
public interface IAuditReports
{
    /// <summary>Writes one of the six compliance reports to <paramref name="output"/>.</summary>
    /// <param name="request">The report and its parameters.</param>
    /// <param name="format">The output format.</param>
    /// <param name="output">Where to write; left open.</param>
    /// <param name="cancellationToken">Stops the report; what was written so far stays in <paramref name="output"/>.</param>
    /// <returns>What was written, with the evidence section.</returns>
    /// <exception cref="ArgumentException">A parameter is invalid; the message names it.</exception>
    Task<AuditReportResult> GenerateAsync(AuditReportRequest request, AuditReportFormat format, Stream output, CancellationToken cancellationToken = default);

    /// <summary>Writes every event a log-viewer query matches ("Export Results"), newest first, from its cursor if it has one.</summary>
    /// <param name="query">The log viewer's filters; its page size only sets how many events are read at a time.</param>
    /// <param name="format">The output format.</param>
    /// <param name="output">Where to write; left open.</param>
    /// <param name="cancellationToken">Stops the export.</param>
    /// <returns>What was written, with the evidence section.</returns>
    /// <exception cref="ArgumentException">A filter is invalid; the message names it.</exception>
    Task<AuditReportResult> ExportQueryAsync(AuditQuery query, AuditReportFormat format, Stream output, CancellationToken cancellationToken = default);

    /// <summary>Writes one entry with its changes, related events and the previous change of its record ("Export Entry").</summary>
    /// <param name="eventId">The entry's id.</param>
    /// <param name="format">The output format.</param>
    /// <param name="output">Where to write; left open.</param>
    /// <param name="cancellationToken">Stops the export.</param>
    /// <returns>What was written, with the evidence section.</returns>
    /// <exception cref="KeyNotFoundException">No entry has this id (in the ambient tenant's scope).</exception>
    Task<AuditReportResult> ExportEntryAsync(Guid eventId, AuditReportFormat format, Stream output, CancellationToken cancellationToken = default);
}
