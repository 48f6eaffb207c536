namespace AuditKit;

/// <summary>One group of an aggregate: its key and how many events it holds.</summary>
/// <param name="Key">The group's key: a category, action, actor id, entity type, outcome, day (<c>yyyy-MM-dd</c>) or hour (<c>yyyy-MM-ddTHH</c>).</param>
/// <param name="Count">Events in the group.</param>
public sealed record AggregateCount(string Key, long Count);
