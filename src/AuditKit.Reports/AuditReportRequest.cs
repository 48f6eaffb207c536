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

    /// <summary>Throws <see cref="ArgumentException"/> naming the field when the request cannot be run.</summary>
    internal void Validate()
    {
        if (!Enum.IsDefined(Kind))
        {
            throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "AuditReportRequest.Kind is not a known report.");
        }

        if (From >= To)
        {
            throw new ArgumentException($"AuditReportRequest.From ({From:O}) must be before AuditReportRequest.To ({To:O}).", nameof(From));
        }

        if (!IncludeSuccessful && !IncludeFailed)
        {
            throw new ArgumentException("AuditReportRequest.IncludeSuccessful and AuditReportRequest.IncludeFailed are both false: the report would select nothing.", nameof(IncludeSuccessful));
        }

        if (Users is { Count: > AuditQuery.MaxListValues })
        {
            throw new ArgumentException($"AuditReportRequest.Users has {Users.Count} values; at most {AuditQuery.MaxListValues} are allowed.", nameof(Users));
        }

        if (Users?.Any(string.IsNullOrWhiteSpace) == true)
        {
            throw new ArgumentException("AuditReportRequest.Users contains an empty user id.", nameof(Users));
        }

        if (TenantId is { Length: 0 })
        {
            throw new ArgumentException("AuditReportRequest.TenantId must not be empty; use null for all tenants.", nameof(TenantId));
        }
    }
}
