namespace AuditKit.Reports;

/// <summary>One column of a report table: its JSON key, its header and its share of a PDF page's width.</summary>
internal sealed record ReportColumn(string Key, string Header, double Weight = 1);
