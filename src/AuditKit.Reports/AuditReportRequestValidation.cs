namespace AuditKit.Reports;

/// <summary>The checks a report request passes before anything is read or written (the request type lives in the core).</summary>
internal static class AuditReportRequestValidation
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the field when the request cannot be run.</summary>
    public static void Validate(this AuditReportRequest request)
    {
        if (!Enum.IsDefined(request.Kind))
        {
            throw new ArgumentOutOfRangeException(nameof(request.Kind), request.Kind, "AuditReportRequest.Kind is not a known report.");
        }

        if (request.From >= request.To)
        {
            throw new ArgumentException($"AuditReportRequest.From ({request.From:O}) must be before AuditReportRequest.To ({request.To:O}).", nameof(request.From));
        }

        if (!request.IncludeSuccessful && !request.IncludeFailed)
        {
            throw new ArgumentException("AuditReportRequest.IncludeSuccessful and AuditReportRequest.IncludeFailed are both false: the report would select nothing.", nameof(request.IncludeSuccessful));
        }

        if (request.Users is { Count: > AuditQuery.MaxListValues } users)
        {
            throw new ArgumentException($"AuditReportRequest.Users has {users.Count} values; at most {AuditQuery.MaxListValues} are allowed.", nameof(request.Users));
        }

        if (request.Users?.Any(string.IsNullOrWhiteSpace) == true)
        {
            throw new ArgumentException("AuditReportRequest.Users contains an empty user id.", nameof(request.Users));
        }

        if (request.TenantId is { Length: 0 })
        {
            throw new ArgumentException("AuditReportRequest.TenantId must not be empty; use null for all tenants.", nameof(request.TenantId));
        }
    }
}
