using Microsoft.AspNetCore.Http;

namespace AuditKit.AspNetCore;

/// <summary>Makes the request's <see cref="AuditContext"/> ambient for the rest of the pipeline (<c>app.UseAuditKit()</c>).</summary>
internal sealed class AuditContextMiddleware(RequestDelegate next, RequestContextFactory contexts, IAuditContextAccessor accessor)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var context = await contexts.CreateAsync(http, http.RequestAborted).ConfigureAwait(false);
        using (accessor.BeginScope(context))
        {
            await next(http).ConfigureAwait(false);
        }
    }
}
