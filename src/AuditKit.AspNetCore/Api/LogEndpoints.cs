using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace AuditKit.AspNetCore;

/// <summary>The log viewer: search with keyset paging, count, and the entry detail.</summary>
internal static class LogEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/events", SearchAsync).WithName("AuditKit.SearchEvents").WithSummary("Searches the log (newest first, keyset paging).")
            .Produces<EventPageResponse>();
        group.MapGet("/events/count", CountAsync).WithName("AuditKit.CountEvents").WithSummary("Counts the events matching the filters.")
            .Produces<CountResponse>();
        group.MapGet("/events/{id}", GetAsync).WithName("AuditKit.GetEvent").WithSummary("One entry with its changes, the record's previous change and the related events.")
            .Produces<EventDetailResponse>();
    }

    private static async Task<Results<EventPageResult, ValidationProblem>> SearchAsync(
        HttpContext http, [AsParameters] LogSearchParameters parameters, IAuditReader reader, ReadAuditor audit, CancellationToken cancellationToken)
    {
        var read = new ApiRequestReader();
        if (parameters.ToQuery(read) is not { } query)
        {
            return TypedResults.ValidationProblem(read.Errors);
        }

        var page = await reader.QueryAsync(query, cancellationToken).ConfigureAwait(false);
        audit.Record(http, "Log search", null, page.Events.Count);
        return new EventPageResult(page.Events, page.NextCursor);
    }

    private static async Task<Results<JsonHttpResult<CountResponse>, ValidationProblem>> CountAsync(
        HttpContext http, [AsParameters] LogSearchParameters parameters, IAuditReader reader, ReadAuditor audit, CancellationToken cancellationToken)
    {
        var read = new ApiRequestReader();
        if (parameters.ToQuery(read) is not { } query)
        {
            return TypedResults.ValidationProblem(read.Errors);
        }

        var count = await reader.CountAsync(query with { Cursor = null }, cancellationToken).ConfigureAwait(false);
        audit.Record(http, "Log count", null, count);
        return TypedResults.Json(new CountResponse(count), AuditApiJson.Options);
    }

    private static async Task<Results<JsonHttpResult<EventDetailResponse>, NotFound<ProblemDetails>, ValidationProblem>> GetAsync(
        HttpContext http, string id, IAuditReader reader, ReadAuditor audit, CancellationToken cancellationToken)
    {
        if (id.Length > 64)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = ["'id' is an event id (a GUID) or a display id such as LOG-2026-8456789."] });
        }

        var e = Guid.TryParse(id, out var guid)
            ? await reader.GetAsync(guid, cancellationToken).ConfigureAwait(false)
            : await reader.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (e is null)
        {
            return NotFound("No event with this id is visible to you.");
        }

        var previous = await reader.GetPreviousChangeAsync(e, cancellationToken).ConfigureAwait(false);
        var related = await reader.GetRelatedAsync(e, cancellationToken: cancellationToken).ConfigureAwait(false);
        audit.Record(http, "Entry detail", e.DisplayId, 1);
        return TypedResults.Json(new EventDetailResponse(e, previous, related), AuditApiJson.Options);
    }

    internal static NotFound<ProblemDetails> NotFound(string detail) =>
        TypedResults.NotFound(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found", Detail = detail });
}
