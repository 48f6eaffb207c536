using AuditKit.Reports;
using Microsoft.AspNetCore.Mvc;

namespace AuditKit.AspNetCore;

/// <summary>The "Generate Report" form as query parameters (users repeat the parameter: <c>?user=u1&amp;user=u2</c>).</summary>
internal sealed class ReportParameters
{
    /// <summary>The range's start (ISO 8601, inclusive); required.</summary>
    [FromQuery(Name = "from")] public string? From { get; set; }

    /// <summary>The range's end (ISO 8601, exclusive: the day after the last day shown); required.</summary>
    [FromQuery(Name = "to")] public string? To { get; set; }

    /// <summary>Actor ids; none for all users.</summary>
    [FromQuery(Name = "user")] public string[]? User { get; set; }

    /// <summary>Include successful actions (true or false, default true).</summary>
    [FromQuery(Name = "includeSuccessful")] public string? IncludeSuccessful { get; set; }

    /// <summary>Include failed attempts (true or false, default true).</summary>
    [FromQuery(Name = "includeFailed")] public string? IncludeFailed { get; set; }

    /// <summary>csv (default), jsonl or pdf.</summary>
    [FromQuery(Name = "format")] public string? Format { get; set; }

    /// <summary>The request these parameters describe (tenant left to the caller's scope), or null with the reader's errors filled.</summary>
    public AuditReportRequest? ToRequest(string kind, ApiRequestReader read)
    {
        var parsedKind = ReportCatalog.Parse(kind);
        if (parsedKind is null)
        {
            read.Fail("kind", $"'kind' must be one of {string.Join(", ", ReportCatalog.Kinds.Select(k => k.Kind))}.");
        }

        var from = read.Time("from", From);
        var to = read.Time("to", To);
        if (string.IsNullOrEmpty(From))
        {
            read.Fail("from", "'from' is required: the first day of the report (ISO 8601).");
        }

        if (string.IsNullOrEmpty(To))
        {
            read.Fail("to", "'to' is required: the end of the report, exclusive (ISO 8601).");
        }

        if (from is { } f && to is { } t && f >= t)
        {
            read.Fail("from", "'from' must be before 'to'.");
        }

        var users = read.Identifiers("user", User);
        var successful = Flag(read, "includeSuccessful", IncludeSuccessful);
        var failed = Flag(read, "includeFailed", IncludeFailed);
        if (!successful && !failed)
        {
            read.Fail("includeSuccessful", "'includeSuccessful' and 'includeFailed' are both false: the report would select nothing.");
        }

        if (!read.IsValid || parsedKind is null || from is null || to is null)
        {
            return null;
        }

        return new AuditReportRequest
        {
            Kind = parsedKind.Value,
            From = from.Value,
            To = to.Value,
            Users = users,
            IncludeSuccessful = successful,
            IncludeFailed = failed,
        };
    }

    private static bool Flag(ApiRequestReader read, string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        if (bool.TryParse(value, out var flag))
        {
            return flag;
        }

        read.Fail(field, $"'{field}' must be true or false.");
        return true;
    }
}
