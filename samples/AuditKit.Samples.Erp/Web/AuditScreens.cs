using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AuditKit.Samples.Erp.Web;

/// <summary>
/// The audit log under <see cref="Prefix"/>: AuditKit's JSON API (and its screens once the UI opt-in is available),
/// readable by administrators and auditors of the caller's own tenant; and a page of links to it.
/// </summary>
internal static class AuditScreens
{
    public const string Prefix = "/audit";

    public static void Map(IEndpointRouteBuilder app)
    {
        // TODO(lead): once the embedded UI is on main, opt in here (the UI helper's call, e.g. app.MapAuditKit(Prefix, o => o.UseUi())) and point the page below at it.
        app.MapAuditKit(Prefix);
        app.MapGet("/audit-log", (HttpContext http, IAntiforgery antiforgery) =>
        {
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
        }).RequireAuthorization(ErpPolicies.AuditReaders);
    }
}
