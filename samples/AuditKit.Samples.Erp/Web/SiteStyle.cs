using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AuditKit.Samples.Erp.Web;

/// <summary>
/// The one stylesheet (served from this origin, so the CSP needs no 'unsafe-inline') and the site's icon (linked by every
/// page, so browsers do not ask for a missing /favicon.ico and log a 404).
/// </summary>
internal static class SiteStyle
{
    private const string Css = """
        body { font-family: system-ui, sans-serif; margin: 0; color: #1b1f24; background: #f6f7f9; }
        header { display: flex; gap: 1.5rem; align-items: center; padding: .6rem 1.5rem; background: #16324f; color: #fff; }
        header a { color: #fff; margin-right: 1rem; }
        header form { margin-left: auto; }
        main { padding: 1rem 1.5rem; max-width: 72rem; }
        table { border-collapse: collapse; width: 100%; background: #fff; }
        th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #d5d9df; }
        label { display: inline-block; min-width: 9rem; }
        input, select, button { font: inherit; padding: .2rem .4rem; }
        .errors { color: #8a1010; }
        .who { opacity: .85; }
        """;

    private const string Icon = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#16324f"/><path d="M9 10h14M9 16h14M9 22h9" stroke="#fff" stroke-width="3" stroke-linecap="round"/></svg>
        """;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/site.css", () => Results.Text(Css, "text/css; charset=utf-8")).AllowAnonymous();
        app.MapGet("/favicon.svg", () => Results.Text(Icon, "image/svg+xml")).AllowAnonymous();
    }
}
