using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AuditKit.Samples.Erp.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace AuditKit.Samples.Erp.Tests.Support;

/// <summary>
/// The real ERP sample on Kestrel (127.0.0.1, a free port) with its data folder in a temp directory; started as
/// Program.cs starts it (databases, server, then the history seeding of a first start).
/// </summary>
public sealed partial class ErpHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ErpHost(WebApplication app, string folder, SeedRun? seedRun)
    {
        _app = app;
        Folder = folder;
        SeedRun = seedRun;
        Address = new Uri(app.Urls.First());
    }

    public Uri Address { get; }

    public string Folder { get; }

    internal SeedRun? SeedRun { get; }

    public IServiceProvider Services => _app.Services;

    public static string NewFolder() => Directory.CreateTempSubdirectory("auditkit-erp-").FullName;

    /// <summary>Starts the sample on <paramref name="folder"/> (a new temp folder when null).</summary>
    public static async Task<ErpHost> StartAsync(string? folder = null, params string[] args)
    {
        folder ??= NewFolder();
        var app = ErpApplication.Build(["--urls", "http://127.0.0.1:0", $"--Erp:DataFolder={folder}", "--Logging:LogLevel:Default=Warning", .. args]);
        var seedRun = await ErpApplication.StartAsync(app);
        return new ErpHost(app, folder, seedRun);
    }

    /// <summary>A browser-like client: its own cookies, redirects not followed.</summary>
    public HttpClient Anonymous() =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = Address };

    /// <summary>Signs in through the real form (GET /login for the antiforgery token, POST /login) and returns the client.</summary>
    public async Task<HttpClient> SignInAsync(string user, string password = "erp-demo")
    {
        var client = Anonymous();
        var response = await PostFormAsync(client, "/login", "/login", new() { ["username"] = user, ["password"] = password });
        response.StatusCode.Should().Be(HttpStatusCode.Redirect, $"{user} signs in");
        return client;
    }

    /// <summary>Loads <paramref name="formPage"/>, takes its antiforgery token and posts the fields to <paramref name="action"/>.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string formPage, string action, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(formPage);
        var token = TokenField().Match(page);
        token.Success.Should().BeTrue($"{formPage} has an antiforgery token");
        var body = new Dictionary<string, string>(fields) { [WebUtility.HtmlDecode(token.Groups[1].Value)] = WebUtility.HtmlDecode(token.Groups[2].Value) };
        return await client.PostAsync(action, new FormUrlEncodedContent(body));
    }

    /// <summary>The value of the input named <paramref name="name"/> on a page, HTML-decoded.</summary>
    public static string InputValue(string page, string name)
    {
        var match = Regex.Match(page, $"<input id=\"{Regex.Escape(name)}\" name=\"{Regex.Escape(name)}\" type=\"[a-z]+\" value=\"([^\"]*)\">");
        match.Success.Should().BeTrue($"the page has an input {name}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>The selected option of the select named <paramref name="name"/>.</summary>
    public static string SelectedValue(string page, string name)
    {
        var select = Regex.Match(page, $"<select id=\"{Regex.Escape(name)}\" name=\"{Regex.Escape(name)}\">(.*?)</select>");
        var option = Regex.Match(select.Groups[1].Value, "<option value=\"([^\"]*)\" selected>");
        option.Success.Should().BeTrue($"the page's select {name} has a selected option");
        return WebUtility.HtmlDecode(option.Groups[1].Value);
    }

    /// <summary>GETs a JSON endpoint and parses it; the status must be 200.</summary>
    public static async Task<JsonNode> GetJsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        response.StatusCode.Should().Be(HttpStatusCode.OK, path);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>Waits until every queued event (EF Core's saves queue theirs) is committed.</summary>
    public Task FlushAsync() => Services.GetRequiredService<IAuditLog>().FlushAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }

    /// <summary>Removes a folder made by <see cref="NewFolder"/> (after the hosts on it are disposed).</summary>
    public static void Delete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finalizing connection: the temp folder is cleaned by the OS.
        }
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]+)\">")]
    private static partial Regex TokenField();
}
