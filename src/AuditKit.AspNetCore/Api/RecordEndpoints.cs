using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace AuditKit.AspNetCore;

/// <summary>"View Full History" and a record's state at a moment.</summary>
internal static class RecordEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/records/{entityType}/{recordId}/history", HistoryAsync).WithName("AuditKit.RecordHistory")
            .WithSummary("Every event on one record, newest first (keyset paging).").Produces<EventPageResponse>();
        group.MapGet("/records/{entityType}/{recordId}/state", StateAsync).WithName("AuditKit.RecordState")
            .WithSummary("The record's field values at a moment, rebuilt from its changes.").Produces<RecordState>();
    }

    private static async Task<Results<EventPageResult, ValidationProblem>> HistoryAsync(
        HttpContext http, string entityType, string recordId, [FromQuery(Name = "pageSize")] string? pageSize, [FromQuery(Name = "cursor")] string? cursor,
        IAuditReader reader, ReadAuditor audit, CancellationToken cancellationToken)
    {
        var read = new ApiRequestReader();
        var entity = read.Identifier("entityType", entityType, required: true);
        var record = read.Identifier("recordId", recordId, required: true);
        var size = read.Int("pageSize", pageSize, AuditQuery.DefaultPageSize, 1, AuditQuery.MaxPageSize);
        var after = read.Text("cursor", cursor, 64);
        if (!read.IsValid)
        {
            return TypedResults.ValidationProblem(read.Errors);
        }

        var page = await reader.GetHistoryAsync(entity!, record!, size, after, cancellationToken).ConfigureAwait(false);
        audit.Record(http, "Record history", $"{entity} {record}", page.Events.Count);
        return new EventPageResult(page.Events, page.NextCursor);
    }

    private static async Task<Results<JsonHttpResult<RecordState>, ValidationProblem>> StateAsync(
        HttpContext http, string entityType, string recordId, [FromQuery(Name = "at")] string? at,
        IAuditReader reader, ReadAuditor audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var read = new ApiRequestReader();
        var entity = read.Identifier("entityType", entityType, required: true);
        var record = read.Identifier("recordId", recordId, required: true);
        var moment = read.Time("at", at) ?? time.GetUtcNow();
        if (!read.IsValid)
        {
            return TypedResults.ValidationProblem(read.Errors);
        }

        var state = await reader.GetStateAtAsync(entity!, record!, moment, cancellationToken).ConfigureAwait(false);
        audit.Record(http, "Record state", $"{entity} {record}", state.ChangeCount);
        return TypedResults.Json(state, AuditApiJson.Options);
    }
}
