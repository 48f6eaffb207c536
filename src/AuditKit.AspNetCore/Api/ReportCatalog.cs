using System.Text;
using AuditKit.Reports;

namespace AuditKit.AspNetCore;

/// <summary>The reports screen's list: the six reports as the product page names them, their parameters and formats.</summary>
internal static class ReportCatalog
{
    public static IReadOnlyList<ReportKindResponse> Kinds { get; } =
    [
        new(AuditReportKind.UserAccess, "User Access Report", "Who accessed what, when"),
        new(AuditReportKind.DataChange, "Data Change Report", "All modifications with before/after"),
        new(AuditReportKind.SecurityEvent, "Security Event Report", "Login attempts, permission changes"),
        new(AuditReportKind.ExportActivity, "Export Activity Report", "Data exports by user"),
        new(AuditReportKind.AdminActivity, "Admin Activity Report", "Administrative actions"),
        new(AuditReportKind.SystemAccess, "System Access Report", "API and integration access"),
    ];

    public static ReportCatalogResponse Response { get; } = new(
        Kinds,
        [
            new("from", "Date range: first moment (ISO 8601, inclusive)", true),
            new("to", "Date range: end (ISO 8601, exclusive)", true),
            new("user", $"Users: actor ids, repeated; none for all users (at most {AuditQuery.MaxListValues})", false),
            new("includeSuccessful", "Include successful actions (true/false, default true)", false),
            new("includeFailed", "Include failed attempts (true/false, default true)", false),
            new("format", "csv (default), jsonl or pdf", false),
        ],
        [new("csv", "CSV", "text/csv"), new("jsonl", "JSON Lines", "application/jsonl"), new("pdf", "PDF", "application/pdf")]);

    /// <summary>The kind an URL names (<c>DataChange</c>, case-insensitive), or null.</summary>
    public static AuditReportKind? Parse(string? value)
    {
        foreach (var kind in Kinds)
        {
            if (string.Equals(kind.Kind.ToString(), value, StringComparison.OrdinalIgnoreCase))
            {
                return kind.Kind;
            }
        }

        return null;
    }

    /// <summary>"data-change-report": a download file name part from the kind.</summary>
    public static string Slug(AuditReportKind kind) =>
        FileSafe(Kinds.First(k => k.Kind == kind).Title.Replace(' ', '-')).ToLowerInvariant();

    /// <summary>Letters, digits and '-' only, at most 64: nothing a file system or a header could misread.</summary>
    public static string FileSafe(string value)
    {
        var safe = new StringBuilder(Math.Min(value.Length, 64));
        foreach (var c in value)
        {
            if (safe.Length == 64)
            {
                break;
            }

            safe.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        return safe.Length == 0 ? "export" : safe.ToString();
    }
}

/// <summary>The reports screen's list.</summary>
/// <param name="Reports">The six reports.</param>
/// <param name="Parameters">The query parameters of <c>GET reports/{kind}</c>.</param>
/// <param name="Formats">The output formats.</param>
internal sealed record ReportCatalogResponse(IReadOnlyList<ReportKindResponse> Reports, IReadOnlyList<ReportParameterResponse> Parameters, IReadOnlyList<ReportFormatResponse> Formats);

/// <summary>One report.</summary>
/// <param name="Kind">Its name in URLs (<c>reports/DataChange</c>).</param>
/// <param name="Title">"Data Change Report".</param>
/// <param name="Description">What it lists.</param>
internal sealed record ReportKindResponse(AuditReportKind Kind, string Title, string Description);

/// <summary>One parameter of a report.</summary>
/// <param name="Name">The query parameter.</param>
/// <param name="Description">What it means.</param>
/// <param name="Required">Whether it must be given.</param>
internal sealed record ReportParameterResponse(string Name, string Description, bool Required);

/// <summary>One output format.</summary>
/// <param name="Format">The <c>format</c> value.</param>
/// <param name="Name">Its display name.</param>
/// <param name="ContentType">The download's media type.</param>
internal sealed record ReportFormatResponse(string Format, string Name, string ContentType);
