using Microsoft.AspNetCore.Mvc;

namespace AuditKit.AspNetCore;

/// <summary>The log viewer's filters as query parameters (lists repeat the parameter: <c>?action=Create&amp;action=Update</c>).</summary>
internal sealed class LogSearchParameters
{
    /// <summary>Events at or after this time (ISO 8601).</summary>
    [FromQuery(Name = "from")] public string? From { get; set; }

    /// <summary>Events before this time (ISO 8601, exclusive).</summary>
    [FromQuery(Name = "to")] public string? To { get; set; }

    /// <summary>Actor ids ("User" filter).</summary>
    [FromQuery(Name = "user")] public string[]? User { get; set; }

    /// <summary>Actor roles.</summary>
    [FromQuery(Name = "role")] public string[]? Role { get; set; }

    /// <summary>Categories (RecordChange, UserAction, Security, System, ApiRequest, DataAccess).</summary>
    [FromQuery(Name = "category")] public string[]? Category { get; set; }

    /// <summary>Actions ("Action Type" filter: Create, Update, Delete, View, Login…).</summary>
    [FromQuery(Name = "action")] public string[]? Action { get; set; }

    /// <summary>Outcomes (Success, Warning, Failure, Denied).</summary>
    [FromQuery(Name = "outcome")] public string[]? Outcome { get; set; }

    /// <summary>Minimum risk (None, Low, Medium, High, Critical).</summary>
    [FromQuery(Name = "minRisk")] public string? MinRisk { get; set; }

    /// <summary>Entity types ("Entity" filter).</summary>
    [FromQuery(Name = "entity")] public string[]? Entity { get; set; }

    /// <summary>One record id.</summary>
    [FromQuery(Name = "recordId")] public string? RecordId { get; set; }

    /// <summary>A correlation id.</summary>
    [FromQuery(Name = "correlationId")] public string? CorrelationId { get; set; }

    /// <summary>A client IP address.</summary>
    [FromQuery(Name = "ip")] public string? Ip { get; set; }

    /// <summary>Free text ("Search"); every word must match, <c>wareh*</c> matches prefixes.</summary>
    [FromQuery(Name = "q")] public string? Q { get; set; }

    /// <summary>Events per page, 1 to 1,000 (default 50).</summary>
    [FromQuery(Name = "pageSize")] public string? PageSize { get; set; }

    /// <summary>The previous page's <c>nextCursor</c>.</summary>
    [FromQuery(Name = "cursor")] public string? Cursor { get; set; }

    /// <summary>The query these parameters describe, or null with the reader's errors filled.</summary>
    public AuditQuery? ToQuery(ApiRequestReader read)
    {
        var from = read.Time("from", From);
        var to = read.Time("to", To);
        read.Range(from, to);
        var query = new AuditQuery
        {
            From = from,
            To = to,
            ActorIds = read.Identifiers("user", User),
            Roles = read.Identifiers("role", Role),
            Categories = read.Enums<AuditCategory>("category", Category),
            Actions = read.Identifiers("action", Action),
            Outcomes = read.Enums<AuditOutcome>("outcome", Outcome),
            MinimumRisk = read.Enum<RiskLevel>("minRisk", MinRisk),
            EntityTypes = read.Identifiers("entity", Entity),
            RecordId = read.Identifier("recordId", RecordId),
            CorrelationId = read.Identifier("correlationId", CorrelationId),
            IpAddress = read.Identifier("ip", Ip),
            Text = read.Text("q", Q, AuditQuery.MaxTextLength),
            PageSize = read.Int("pageSize", PageSize, AuditQuery.DefaultPageSize, 1, AuditQuery.MaxPageSize),
            Cursor = read.Text("cursor", Cursor, 64),
        };
        return read.IsValid ? query : null;
    }
}
