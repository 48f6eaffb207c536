namespace AuditKit.AspNetCore;

/// <summary>Event counts grouped by one dimension: the screens' charts and the log viewer's user and entity lists.</summary>
/// <param name="By">The dimension.</param>
/// <param name="From">The range's start.</param>
/// <param name="To">The range's end (exclusive).</param>
/// <param name="TimeZone">The zone of the days and hours.</param>
/// <param name="Items">The groups (days and hours in order; others by count, most first); groups without events are absent.</param>
internal sealed record ActivityResponse(AggregateDimension By, DateTimeOffset From, DateTimeOffset To, string TimeZone, IReadOnlyList<AggregateCount> Items);
