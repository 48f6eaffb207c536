using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AuditKit.Browser.Tests.Support;

namespace AuditKit.Browser.Tests;

/// <summary>The embedded files over HTTP: media types, ETags, the Content-Security-Policy, and nothing inline.</summary>
public sealed partial class UiAssetTests
{
    private static readonly string[] OwnFiles =
    [
        "ui/app.js", "ui/api.js", "ui/dom.js", "ui/charts.js", "ui/audit.css", "ui/screens/dashboard.js", "ui/screens/logs.js", "ui/screens/detail.js",
        "ui/screens/record.js", "ui/screens/users.js", "ui/screens/user.js", "ui/screens/security.js", "ui/screens/system.js", "ui/screens/settings.js",
        "ui/screens/schedules.js",
    ];

    [Test]
    public async Task Page_HasAStrictContentSecurityPolicy_AndNoInlineScriptOrStyle()
    {
        using var client = await SignedInAsync();
        var response = await client.GetAsync("/audit/");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        csp.Should().Contain("default-src 'self'").And.Contain("script-src 'self'").And.Contain("style-src 'self'").And.Contain("frame-ancestors 'none'")
            .And.NotContain("unsafe-inline").And.NotContain("unsafe-eval").And.NotContain("http");
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");

        var html = await response.Content.ReadAsStringAsync();
        ScriptTag().Matches(html).Should().OnlyContain(m => m.Value.Contains(" src=", StringComparison.Ordinal), "every script is a file");
        html.Should().NotContain("<style").And.NotContain(" style=").And.NotContain("http://").And.NotContain("https://");
    }

    [Test]
    public async Task PrefixWithoutSlash_RedirectsToThePage()
    {
        using var client = await SignedInAsync();
        var response = await client.GetAsync("/audit");
        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().Should().Be("/audit/");
    }

    [Test]
    public async Task Files_HaveTheirMediaTypes_AndAnETagAnswered304()
    {
        using var client = await SignedInAsync();
        foreach (var (path, type) in new[] { ("ui/app.js", "text/javascript"), ("ui/audit.css", "text/css"), ("ui/chart.umd.js", "text/javascript") })
        {
            var response = await client.GetAsync("/audit/" + path);
            response.StatusCode.Should().Be(HttpStatusCode.OK, path);
            response.Content.Headers.ContentType!.MediaType.Should().Be(type);
            response.Headers.CacheControl!.NoCache.Should().BeTrue();
            var etag = response.Headers.ETag!;
            using var again = new HttpRequestMessage(HttpMethod.Get, "/audit/" + path);
            again.Headers.IfNoneMatch.Add(etag);
            (await client.SendAsync(again)).StatusCode.Should().Be(HttpStatusCode.NotModified, path);
        }

        (await client.GetAsync("/audit/ui/nothing.js")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await client.GetAsync("/audit/ui/..%2F..%2Fappsettings.json")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task ChartJs_IsThePinnedVersion()
    {
        // The oracle: the version package-lock.json pins.
        using var lockFile = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "src/AuditKit.AspNetCore/Ui/package-lock.json")));
        var version = lockFile.RootElement.GetProperty("packages").GetProperty("node_modules/chart.js").GetProperty("version").GetString();
        lockFile.RootElement.GetRawText().Should().NotContain("\"resolved\"", "no registry address is committed");
        using var client = await SignedInAsync();
        var script = await client.GetStringAsync("/audit/ui/chart.umd.js");
        script.Should().Contain($"Chart.js v{version}");
    }

    [Test]
    public async Task OwnScripts_NeverWriteHtml_NorSetInlineStyles()
    {
        using var client = await SignedInAsync();
        foreach (var path in OwnFiles)
        {
            var text = await client.GetStringAsync("/audit/" + path);
            text.Should().NotContain("innerHTML", path).And.NotContain("outerHTML", path).And.NotContain("insertAdjacentHTML", path)
                .And.NotContain("document.write", path).And.NotContain("eval(", path).And.NotContain("new Function", path)
                .And.NotContain("setAttribute('style'", path).And.NotContain("http://", path).And.NotContain("https://", path);
        }
    }

    [Test]
    public async Task Features_SayWhichOptionalApisThisServerMaps()
    {
        // The oracle: the host's own route table (alerts, retention and reports endpoints land with their features) and, for
        // alerts and reports, whether IAuditAlerts / IAuditReports is registered (their endpoints are mapped either way).
        var routes = BrowserSession.Host.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>().Select(e => e.RoutePattern.RawText ?? "").ToList();
        using var client = await SignedInAsync();
        using var features = JsonDocument.Parse(await client.GetStringAsync("/audit/ui/features"));
        foreach (var feature in new[] { "alerts", "retention", "reports" })
        {
            var registered = feature switch
            {
                "alerts" => BrowserSession.Host.Services.GetService<IAuditAlerts>() is not null,
                "reports" => BrowserSession.Host.Services.GetService<AuditKit.Reports.IAuditReports>() is not null,
                _ => true,
            };
            features.RootElement.GetProperty(feature).GetBoolean().Should().Be(
                registered && routes.Exists(r => r.StartsWith("/audit/" + feature, StringComparison.OrdinalIgnoreCase)), feature);
        }
    }

    private static async Task<HttpClient> SignedInAsync()
    {
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        var client = new HttpClient(handler) { BaseAddress = BrowserSession.Host.Address };
        var signIn = await client.GetAsync(BrowserSession.Host.SignInUrl("a-auditor", "A", "Auditor"));
        signIn.StatusCode.Should().Be(HttpStatusCode.Redirect);
        return client;
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "AuditKit.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("AuditKit.sln not found above the test's folder.");
    }

    [GeneratedRegex("<script[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();
}
