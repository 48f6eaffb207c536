namespace AuditKit.AspNetCore;

/// <summary>
/// Endpoint metadata marking the audit screens' pages and files: an anonymous visitor gets the host's own challenge
/// (its login page) instead of the API's 401 problem.
/// </summary>
internal sealed class AuditUiEndpoint
{
    public static AuditUiEndpoint Instance { get; } = new();
}
