using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AuditKit.Samples.Erp.Web;

/// <summary>
/// The audit log under <see cref="Prefix"/>: AuditKit's JSON API and, when the ASP.NET Core package has them
/// (<c>AUDITKIT_UI</c>, set by the project file), its embedded screens at <c>/audit/</c> (<c>o.Api.ServeUi</c> in
/// ErpApplication); readable by administrators and auditors of the caller's own tenant. <c>/audit-log</c> opens the
/// screens, or lists the API's links without them.
/// </summary>
internal static class AuditScreens
{
    public const string Prefix = "/audit";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapAuditKit(Prefix);
        app.MapGet("/audit-log", (HttpContext http, IAntiforgery antiforgery) =>
        {
#if AUDITKIT_UI
            return Results.Redirect(Prefix + "/");
#else
            var links = new (string Path, string Text)[]
            {
                ("/dashboard", "Dashboard"),
                ("/events?pageSize=50", "Log viewer: the newest 50 events"),
                ("/events/count", "Number of events"),
                ("/security", "Security events"),
                ("/system", "System events and health"),
                ("/settings/events", "Event configuration"),
            };
            var body = "<p>AuditKit's audit API for your tenant (JSON):</p><ul>"
                + string.Concat(links.Select(l => $"<li><a href=\"{Html.E(Prefix + l.Path)}\">{Html.E(l.Text)}</a></li>")) + "</ul>";
            return Html.Page(http, antiforgery, "Audit log", body);
#endif
        }).RequireAuthorization(ErpPolicies.AuditReaders);
    }
}
