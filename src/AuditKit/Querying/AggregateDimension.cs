namespace AuditKit;

/// <summary>What <see cref="AggregateQuery"/> groups counts by.</summary>
public enum AggregateDimension
{
    /// <summary>By <see cref="AuditEvent.Category"/> ("Activity by Type"). Keys are category names.</summary>
    Category = 0,

    /// <summary>By <see cref="AuditEvent.Action"/>.</summary>
    Action = 1,

    /// <summary>By actor id; keys are actor ids ("" for events without an actor).</summary>
    Actor = 2,

    /// <summary>By target entity type ("Activity by Module" when modules are entity types); "" for none.</summary>
    EntityType = 3,

    /// <summary>By outcome name.</summary>
    Outcome = 4,

    /// <summary>By calendar day in <see cref="AggregateQuery.TimeZone"/>; keys are <c>yyyy-MM-dd</c>.</summary>
    Day = 5,

    /// <summary>By hour in <see cref="AggregateQuery.TimeZone"/>; keys are <c>yyyy-MM-ddTHH</c>.</summary>
    Hour = 6,

    /// <summary>By <see cref="AuditEvent.Risk"/>; keys are risk level names ("None" … "Critical").</summary>
    Risk = 7,
}
