using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace AuditKit.AspNetCore;

/// <summary>Records one <see cref="AuditCategory.ApiRequest"/> event per request whose route the options include.</summary>
internal sealed class ApiRequestMiddleware(RequestDelegate next, IAuditLog log, TimeProvider time, IOptions<AuditAspNetCoreOptions> options)
{
    private readonly AuditRequestOptions _options = options.Value.Requests;

    public async Task InvokeAsync(HttpContext http)
    {
        var started = time.GetTimestamp();
        var failed = false;
        try
        {
            await next(http).ConfigureAwait(false);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            var endpoint = http.GetEndpoint();
            if (endpoint?.Metadata.GetMetadata<AuditApiEndpoint>() is null)
            {
                var route = (endpoint as RouteEndpoint)?.RoutePattern.RawText is { } raw ? "/" + raw.TrimStart('/') : http.Request.Path.Value ?? "/";
                if (RouteFilter.Includes(_options, route))
                {
                    var status = failed && !http.Response.HasStarted ? StatusCodes.Status500InternalServerError : http.Response.StatusCode;
                    log.Record(Create(http.Request.Method, route, status, time.GetElapsedTime(started)));
                }
            }
        }
    }

    internal static AuditEvent Create(string method, string route, int status, TimeSpan duration)
    {
        var ms = Math.Round(duration.TotalMilliseconds, 3);
        route = PrincipalReader.Cut(route)!;
        method = PrincipalReader.Cut(method)!;
        return new AuditEvent(AuditCategory.ApiRequest, method)
        {
            Outcome = status switch
            {
                < 400 => AuditOutcome.Success,
                StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden => AuditOutcome.Denied,
                _ => AuditOutcome.Failure,
            },
            Message = string.Create(CultureInfo.InvariantCulture, $"{method} {route} {status} in {ms} ms"),
            Target = new AuditTarget("ApiRoute", route, Component: "API"),
            Metadata = AuditMetadata.Create(("method", method), ("route", route), ("status", status), ("duration_ms", ms)),
        };
    }
}
