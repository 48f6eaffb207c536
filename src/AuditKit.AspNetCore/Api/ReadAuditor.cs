using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace AuditKit.AspNetCore;

/// <summary>
/// Records each read through the audit API (DataAccess / <see cref="Action"/>): who read which screen, with which
/// parameters (the query string), and how many events it returned. Queued, not awaited: the overflow journal keeps it
/// when the store is slow, so a read never waits on its own audit.
/// </summary>
internal sealed class ReadAuditor(IAuditLog log, IOptions<AuditAspNetCoreOptions> options)
{
    /// <summary>The action of the audit API's read events.</summary>
    public const string Action = "AuditLogRead";

    private const int MaxQueryLength = 4_096;

    public void Record(HttpContext http, string screen, string? subject, long? resultCount)
    {
        if (!options.Value.Api.AuditReads)
        {
            return;
        }

        var query = http.Request.QueryString.Value ?? "";
        if (query.Length > MaxQueryLength)
        {
            query = query[..MaxQueryLength] + AuditLimits.TruncationMarker;
        }

        var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value ?? "";
        log.Record(new AuditEvent(AuditCategory.DataAccess, Action)
        {
            Message = subject is null ? $"Read the audit log: {screen}" : $"Read the audit log: {screen} {subject}",
            Target = new AuditTarget("AuditLog", PrincipalReader.Cut(subject ?? screen), screen, Module: "Audit"),
            Metadata = resultCount is { } count
                ? AuditMetadata.Create(("screen", screen), ("route", route), ("query", query), ("result_count", count))
                : AuditMetadata.Create(("screen", screen), ("route", route), ("query", query)),
        });
    }
}
