using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace AuditKit.AspNetCore;

/// <summary>
/// The log viewer's live mode: a server-sent event stream of the events committed after the client connected that match
/// the search filters. The server polls the store (the tenant-scoped reader, newest first from a short look-back window)
/// once a second and sends each new event once; the stream ends when the client disconnects.
/// </summary>
/// <remarks>
/// The stream is written inside the handler, so it runs in the caller's tenant scope (a result executed after the
/// endpoint filter would not). Events whose commit lags their timestamp by more than <see cref="LookBack"/> (a spilled
/// queue catching up) are not sent; the log search always has them. A poll that finds more than <see cref="MaxPerPoll"/>
/// new events sends the newest of them and an <c>overflow</c> event, so the screen can offer to reload.
/// </remarks>
internal static class LiveEndpoints
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan LookBack = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);
    public const int MaxPerPoll = 1_000;

    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/events/live", StreamAsync).WithName("AuditKit.LiveEvents")
            .WithSummary("Server-sent events: each new event matching the search filters as it commits (event 'audit', data: the event's JSON).")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
    }

    private static async Task<Results<EmptyHttpResult, ValidationProblem>> StreamAsync(
        HttpContext http, [Microsoft.AspNetCore.Http.AsParameters] LogSearchParameters parameters, IAuditReader reader, ReadAuditor audit, TimeProvider time)
    {
        var read = new ApiRequestReader();
        if (parameters.ToQuery(read) is not { } filter)
        {
            return TypedResults.ValidationProblem(read.Errors);
        }

        var cancellationToken = http.RequestAborted;
        filter = filter with { Cursor = null, To = null, PageSize = 500 };
        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        audit.Record(http, "Live log", null, null);

        var seen = new Dictionary<Guid, DateTimeOffset>();
        try
        {
            // What is already committed when the client connects is the search's job, not the stream's.
            await PollAsync(reader, filter, time.GetUtcNow() - LookBack, seen, cancellationToken).ConfigureAwait(false);
            await response.WriteAsync(": connected\n\n", cancellationToken).ConfigureAwait(false);
            await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
            var quietSince = time.GetTimestamp();
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
                var since = time.GetUtcNow() - LookBack;
                var (fresh, overflow) = await PollAsync(reader, filter, since, seen, cancellationToken).ConfigureAwait(false);
                foreach (var e in fresh)
                {
                    await response.WriteAsync(Message("audit", e.Id.ToString(), JsonSerializer.Serialize(e, AuditApiJson.Options)), cancellationToken).ConfigureAwait(false);
                }

                if (overflow)
                {
                    await response.WriteAsync(Message("overflow", null, "{}"), cancellationToken).ConfigureAwait(false);
                }

                if (fresh.Count > 0 || overflow)
                {
                    quietSince = time.GetTimestamp();
                }
                else if (time.GetElapsedTime(quietSince) >= KeepAlive)
                {
                    await response.WriteAsync(": keep-alive\n\n", cancellationToken).ConfigureAwait(false);
                    quietSince = time.GetTimestamp();
                }

                await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
                foreach (var old in seen.Where(p => p.Value < since).Select(p => p.Key).ToList())
                {
                    seen.Remove(old);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away: the stream ends.
        }

        return TypedResults.Empty;
    }

    // New events at or after `since`, oldest first; marks them seen.
    private static async Task<(List<AuditEvent> Fresh, bool Overflow)> PollAsync(
        IAuditReader reader, AuditQuery filter, DateTimeOffset since, Dictionary<Guid, DateTimeOffset> seen, CancellationToken cancellationToken)
    {
        var fresh = new List<AuditEvent>();
        string? cursor = null;
        var overflow = false;
        do
        {
            var page = await reader.QueryAsync(filter with { From = since, Cursor = cursor }, cancellationToken).ConfigureAwait(false);
            foreach (var e in page.Events)
            {
                if (seen.TryAdd(e.Id, e.Timestamp))
                {
                    fresh.Add(e);
                }
            }

            cursor = page.NextCursor;
            if (cursor is not null && fresh.Count >= MaxPerPoll)
            {
                overflow = true;
                break;
            }
        }
        while (cursor is not null);
        fresh.Reverse();
        return (fresh, overflow);
    }

    private static string Message(string type, string? id, string data)
    {
        var text = new StringBuilder();
        text.Append("event: ").Append(type).Append('\n');
        if (id is not null)
        {
            text.Append("id: ").Append(id).Append('\n');
        }

        // JSON has no raw line breaks (they are escaped), so the data is one line.
        return text.Append("data: ").Append(data).Append("\n\n").ToString();
    }
}
