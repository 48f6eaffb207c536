namespace AuditKit.Reports;

/// <summary>
/// One report: its title, its columns, the queries that select its events (without range, users, outcomes or
/// tenant, which the request adds), how an event becomes rows, and the figures it adds to the common summary.
/// </summary>
internal sealed record ReportDefinition(
    AuditReportKind Kind,
    string Title,
    string Description,
    IReadOnlyList<ReportColumn> Columns,
    IReadOnlyList<AuditQuery> Selections,
    Func<AuditEvent, IEnumerable<string?[]>> Rows,
    IReadOnlyList<string> ExtraFigures,
    Action<AuditEvent, long[]> CountExtras);
