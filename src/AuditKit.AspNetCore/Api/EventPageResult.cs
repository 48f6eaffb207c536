using Microsoft.AspNetCore.Http;

namespace AuditKit.AspNetCore;

/// <summary>A page of events as the 200 response (<see cref="EventPageResponse"/>'s JSON, written by <see cref="EventPageJson"/>).</summary>
internal sealed class EventPageResult(IReadOnlyList<AuditEvent> items, string? nextCursor) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    public int? StatusCode => StatusCodes.Status200OK;

    public string ContentType => "application/json; charset=utf-8";

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = ContentType;
        return EventPageJson.WriteAsync(httpContext.Response.BodyWriter, items, nextCursor, httpContext.RequestAborted);
    }
}
