namespace AuditKit.AspNetCore.Tests.Support;

/// <summary>Every GET endpoint of the audit API with valid arguments (the tests' list of what must be protected).</summary>
public static class Endpoints
{
    public static IReadOnlyList<string> Reads { get; } =
    [
        "/audit/dashboard",
        "/audit/activity?by=Day",
        "/audit/events",
        "/audit/events/count",
        "/audit/events/LOG-2026-1",
        "/audit/records/Customer/CUST-A1/history",
        "/audit/records/Customer/CUST-A1/state",
        "/audit/users/a-user/activity",
        "/audit/security",
        "/audit/system",
        "/audit/settings/events",
    ];
}
