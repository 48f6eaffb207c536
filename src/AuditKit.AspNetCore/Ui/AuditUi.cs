using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace AuditKit.AspNetCore;

/// <summary>
/// The embedded audit screens (<see cref="AuditApiOptions.ServeUi"/>): the page at the prefix (<c>/audit/</c>) and its
/// files under <c>ui/</c>, on the same route group, policy and tenant scope as the JSON API they call. Every answer
/// carries a strict Content-Security-Policy (nothing inline, nothing from another origin), an ETag and
/// <c>no-cache</c> (the browser revalidates and gets 304 while the file is unchanged).
/// </summary>
internal static class AuditUi
{
    /// <summary>The policy of every page and file: scripts, styles and requests only from the host itself.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; font-src 'self'; " +
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    public static void Map(RouteGroupBuilder group)
    {
        var assets = new AuditUiAssets();
        if (assets.Find("index.html") is null || assets.Find("chart.umd.js") is null)
        {
            throw new InvalidOperationException("The audit screens' files are missing from AuditKit.AspNetCore: the assembly was built without its embedded UI.");
        }

        group.MapGet("/", (HttpContext http) => Page(http, assets))
            .WithName("AuditKit.Ui").WithSummary("The audit screens (HTML).").ExcludeFromDescription()
            .WithMetadata(AuditUiEndpoint.Instance);
        group.MapGet("/ui/features", Features)
            .WithName("AuditKit.UiFeatures").ExcludeFromDescription()
            .WithMetadata(AuditUiEndpoint.Instance);
        group.MapGet("/ui/{**path}", (HttpContext http, string path) => File(http, assets.Find(path)))
            .WithName("AuditKit.UiFile").ExcludeFromDescription()
            .WithMetadata(AuditUiEndpoint.Instance);
    }

    // Which optional screens this server can show: those whose audit API endpoints are mapped (by other features of
    // AuditKit.AspNetCore as they land) and whose service is registered (the alert, retention and report endpoints are always mapped but answer
    // 404 without audit.AddAlerts() / audit.AddRetention(...) / audit.AddReports()). The screens ask once instead of probing endpoints into 404s.
    private static IResult Features(HttpContext http, EndpointDataSource endpoints)
    {
        var routes = endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<AuditApiEndpoint>() is not null && e.Metadata.GetMetadata<AuditUiEndpoint>() is null)
            .Select(e => e.RoutePattern.RawText ?? "")
            .ToList();
        bool Has(string segment) => routes.Exists(r => r.Contains(segment, StringComparison.OrdinalIgnoreCase));
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(new Dictionary<string, bool>
        {
            ["alerts"] = Has("/alerts") && http.RequestServices.GetService<IAuditAlerts>() is not null,
            ["retention"] = Has("/retention") && http.RequestServices.GetService<IAuditRetention>() is not null,
            ["reports"] = Has("/reports") && http.RequestServices.GetService<AuditKit.Reports.IAuditReports>() is not null,
        });
    }

    private static IResult Page(HttpContext http, AuditUiAssets assets)
    {
        // Relative URLs (ui/app.js, events?…) resolve against the prefix only with its trailing slash.
        var path = http.Request.Path.Value ?? "";
        if (!path.EndsWith('/'))
        {
            return Results.Redirect(http.Request.PathBase + path + "/" + http.Request.QueryString);
        }

        return File(http, assets.Find("index.html"));
    }

    private static IResult File(HttpContext http, AuditUiAsset? asset)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        if (asset is null)
        {
            return Results.NotFound();
        }

        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;
        var requested = http.Request.Headers.IfNoneMatch;
        if (requested.Count > 0 && EntityTagHeaderValue.TryParseList(requested, out var tags)
            && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Tag.Equals(asset.ETag, StringComparison.Ordinal)))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(asset.Content, asset.ContentType);
    }
}
