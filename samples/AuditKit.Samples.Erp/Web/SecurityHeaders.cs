using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AuditKit.Samples.Erp.Web;

/// <summary>
/// A strict Content-Security-Policy (no script at all, styles only from this origin) and the usual hardening headers
/// on every response that does not set its own (an embedded UI under /audit brings its own policy).
/// </summary>
internal static class SecurityHeaders
{
    public const string Policy = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.TryAdd("Content-Security-Policy", Policy);
                headers.TryAdd("X-Content-Type-Options", "nosniff");
                headers.TryAdd("Referrer-Policy", "no-referrer");
                return Task.CompletedTask;
            });
            return next(http);
        });
}
