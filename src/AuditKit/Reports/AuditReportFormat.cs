using System.Text.Json.Serialization;

namespace AuditKit.Reports;

/// <summary>The output formats of reports and exports.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AuditReportFormat>))]
public enum AuditReportFormat
{
    /// <summary>RFC 4180 CSV, UTF-8 with a byte order mark; cells that a spreadsheet would run as a formula are neutralised.</summary>
    Csv = 0,

    /// <summary>JSON Lines: a header line, one line per row, then the summary and evidence lines.</summary>
    JsonLines = 1,

    /// <summary>A PDF document with embedded DejaVu fonts: title, parameters, summary, the table, the evidence section and page numbers.</summary>
    Pdf = 2,
}
