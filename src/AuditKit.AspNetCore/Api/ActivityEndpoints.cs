using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace AuditKit.AspNetCore;

/// <summary>
/// Counts grouped by one dimension over a range (<see cref="IAuditReader.AggregateAsync"/>, answered from the roll-ups
/// where the store can): events per day and hour, activity by category, risk over time, and the values the log
/// viewer's User and Entity lists offer.
/// </summary>
internal static class ActivityEndpoints
{
    private static readonly TimeSpan MaxDayRange = TimeSpan.FromDays(400);
    private static readonly TimeSpan MaxHourRange = TimeSpan.FromDays(31);

    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/activity", ActivityAsync).WithName("AuditKit.Activity")
            .WithSummary("Event counts by day, hour, category, action, user, entity, outcome or risk over a range, with the log search's filters.")
            .Produces<ActivityResponse>();
    }

    private static async Task<Results<JsonHttpResult<ActivityResponse>, ValidationProblem>> ActivityAsync(
        HttpContext http, [AsParameters] LogSearchParameters parameters, [FromQuery(Name = "by")] string? by, [FromQuery(Name = "timeZone")] string? timeZone,
        IAuditReader reader, ReadAuditor audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var read = new ApiRequestReader();
        var dimension = read.Enum<AggregateDimension>("by", by);
        if (dimension is null && string.IsNullOrEmpty(by))
        {
            read.Fail("by", $"'by' is required: one of {string.Join(", ", Enum.GetNames<AggregateDimension>())}.");
        }

        var zone = read.Zone("timeZone", timeZone);
        var filter = parameters.ToQuery(read);
        if (!read.IsValid || filter is null || dimension is not { } groupBy)
        {
            return TypedResults.ValidationProblem(read.Errors);
        }

        var to = filter.To ?? time.GetUtcNow();
        var from = filter.From ?? to - (groupBy == AggregateDimension.Hour ? TimeSpan.FromDays(2) : TimeSpan.FromDays(30));
        var limit = groupBy == AggregateDimension.Hour ? MaxHourRange : MaxDayRange;
        if (from > to)
        {
            read.Fail("from", "'from' is after 'to'.");
        }
        else if ((groupBy is AggregateDimension.Day or AggregateDimension.Hour) && to - from > limit)
        {
            read.Fail("from", $"Counts by {groupBy} cover at most {limit.TotalDays:0} days.");
        }

        if (!read.IsValid)
        {
            return TypedResults.ValidationProblem(read.Errors);
        }

        var items = await reader.AggregateAsync(new AggregateQuery
        {
            From = from,
            To = to,
            GroupBy = groupBy,
            TimeZone = zone,
            Filter = filter with { From = null, To = null, Cursor = null },
        }, cancellationToken).ConfigureAwait(false);
        var ordered = groupBy is AggregateDimension.Day or AggregateDimension.Hour
            ? items.OrderBy(i => i.Key, StringComparer.Ordinal).ToList()
            : items.OrderByDescending(i => i.Count).ThenBy(i => i.Key, StringComparer.Ordinal).ToList();
        audit.Record(http, "Activity", groupBy.ToString(), ordered.Count);
        return TypedResults.Json(new ActivityResponse(groupBy, from, to, zone.Id, ordered), AuditApiJson.Options);
    }
}
