namespace AuditKit.AspNetCore;

/// <summary>Endpoint metadata marking the audit API's own endpoints (never recorded as API requests; their reads are audited as DataAccess).</summary>
internal sealed class AuditApiEndpoint
{
    public static AuditApiEndpoint Instance { get; } = new();
}
