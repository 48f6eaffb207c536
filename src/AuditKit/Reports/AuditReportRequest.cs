namespace AuditKit.Reports;

/// <summary>What to report on ("Generate Report": type, date range, users, include successful / failed, tenant).</summary>
public sealed record AuditReportRequest
{
    /// <summary>The report.</summary>
    public required AuditReportKind Kind { get; init; }

    /// <summary>The range's start (inclusive).</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>The range's end (exclusive).</summary>
    public required DateTimeOffset To { get; init; }

    /// <summary>Only these actor ids; <see langword="null"/> or empty for all users. At most <see cref="AuditQuery.MaxListValues"/>.</summary>
    public IReadOnlyList<string>? Users { get; init; }

    /// <summary>Include actions that succeeded (outcome Success or Warning). Default true.</summary>
    public bool IncludeSuccessful { get; init; } = true;

    /// <summary>Include failed and refused attempts (outcome Failure or Denied). Default true.</summary>
    public bool IncludeFailed { get; init; } = true;

    /// <summary>Only this tenant's events (the reader's ambient tenant scope applies in any case).</summary>
    public string? TenantId { get; init; }
}
