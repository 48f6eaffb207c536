namespace AuditKit.Interop;

/// <summary>
/// Where Audit.NET's SQL data providers keep their events: one row per event with an ascending id and the event as JSON.
/// The defaults are the SQL Server provider's documented table (<c>Event</c>: <c>EventId</c>, <c>JsonData</c>); for the
/// PostgreSQL provider's (<c>event</c>: <c>id</c>, <c>data</c>) set the names.
/// </summary>
public sealed class AuditNetTable
{
    /// <summary>The table. Default "Event".</summary>
    public string Name { get; set; } = "Event";

    /// <summary>The table's schema, when not the default one.</summary>
    public string? Schema { get; set; }

    /// <summary>The ascending primary key column. Default "EventId".</summary>
    public string IdColumn { get; set; } = "EventId";

    /// <summary>The column holding the event's JSON. Default "JsonData".</summary>
    public string JsonColumn { get; set; } = "JsonData";
}
