using AuditKit.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuditKit;

/// <summary>Adds AuditKit's request capture to the ASP.NET Core pipeline.</summary>
public static class AuditKitApplicationBuilderExtensions
{
    /// <summary>
    /// Makes each request's audit context ambient (actor from the principal, tenant, client IP from
    /// <c>HttpContext.Connection.RemoteIpAddress</c>, user agent, device, session id, correlation id), so every event
    /// recorded while handling the request carries it; and, when <see cref="AuditRequestOptions.Enabled"/>, records
    /// each API request. Call it after <c>UseAuthentication()</c> (and after <c>UseForwardedHeaders()</c> behind a proxy).
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static IApplicationBuilder UseAuditKit(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.ApplicationServices.GetService<IOptions<AuditAspNetCoreOptions>>()?.Value
            ?? throw new InvalidOperationException("UseAuditKit needs the ASP.NET Core services: call services.AddAuditKit(audit => audit.AddAspNetCore()).");
        app.UseMiddleware<AuditContextMiddleware>();
        if (options.Requests.Enabled)
        {
            app.UseMiddleware<ApiRequestMiddleware>();
        }

        return app;
    }
}
