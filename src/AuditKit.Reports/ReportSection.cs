namespace AuditKit.Reports;

/// <summary>One table of a report document; its rows are produced while it is written.</summary>
internal sealed record ReportSection(string Title, IReadOnlyList<ReportColumn> Columns, IAsyncEnumerable<string?[]> Rows);
