using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using AuditKit.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AuditKit.AspNetCore.Tests.Support;

/// <summary>
/// A real web application on Kestrel (127.0.0.1, a free port) with AuditKit on a SQLite file in a temp folder, cookie
/// sign-in (POST /test/signin with the user's claims), the policies AuditReaders (role Auditor or Admin) and
/// AuditAdministrators (role Admin), the tenant claim "tenant", the audit API at /audit and the OpenAPI document.
/// </summary>
public sealed class AuditWebHost : IAsyncDisposable
{
    public const string TenantClaim = "tenant";

    private readonly WebApplication _app;
    private readonly DirectoryInfo _folder;

    private AuditWebHost(WebApplication app, DirectoryInfo folder, Uri address)
    {
        _app = app;
        _folder = folder;
        Address = address;
    }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public IAuditLog Log => Services.GetRequiredService<IAuditLog>();

    public IAuditReader Reader => Services.GetRequiredService<IAuditReader>();

    public string Folder => _folder.FullName;

    public static async Task<AuditWebHost> StartAsync(
        Action<AuditAspNetCoreOptions>? configure = null,
        Action<WebApplicationBuilder>? services = null,
        Action<WebApplication>? pipeline = null,
        Action<WebApplication>? endpoints = null)
    {
        var folder = Directory.CreateTempSubdirectory("auditkit-aspnet-");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Services.AddAuditKit(audit => audit
            .UseSqlite($"Data Source={Path.Combine(folder.FullName, "audit.db")}")
            .AddAspNetCore(o =>
            {
                o.TenantClaimType = TenantClaim;
                o.Api.ReadPolicy = "AuditReaders";
                o.Api.AdminPolicy = "AuditAdministrators";
                configure?.Invoke(o);
            }));
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie()
            .AddAuditKitSignInEvents();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy("AuditReaders", p => p.RequireRole("Auditor", "Admin"))
            .AddPolicy("AuditAdministrators", p => p.RequireRole("Admin"));
        builder.Services.AddOpenApi();
        services?.Invoke(builder);

        var app = builder.Build();
        pipeline?.Invoke(app);
        app.UseAuthentication();
        app.UseAuditKit();
        app.UseAuthorization();

        app.MapPost("/test/signin", async (HttpContext http, string user, string? name, string? email, string? tenant, string? roles) =>
        {
            var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, user), new(ClaimTypes.Name, name ?? user) };
            if (email is not null)
            {
                claims.Add(new Claim(ClaimTypes.Email, email));
            }

            if (tenant is not null)
            {
                claims.Add(new Claim(TenantClaim, tenant));
            }

            claims.AddRange((roles ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(r => new Claim(ClaimTypes.Role, r)));
            await http.SignInAsync(new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme)));
            return Results.Ok();
        });
        app.MapPost("/test/signout", async (HttpContext http) =>
        {
            await http.SignOutAsync();
            return Results.Ok();
        });

        // An application endpoint that records a change: the event takes the request's ambient context.
        app.MapPost("/test/customers/{id}", async (string id, IAuditLog log) =>
        {
            var recorded = await log.RecordAsync(AuditEvents.Updated("Customer", id, "Acme Corporation", [new FieldChange("CreditLimit", "10000", "15000")]));
            return Results.Ok(recorded.Id);
        });
        endpoints?.Invoke(app);
        app.MapAuditKit("/audit");
        app.MapOpenApi();

        await app.StartAsync();
        var address = new Uri(app.Urls.First());
        return new AuditWebHost(app, folder, address);
    }

    /// <summary>An HTTP client with its own cookies; anonymous until <see cref="SignInAsync"/>.</summary>
    public HttpClient Anonymous()
    {
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseCookies = true };
        return new HttpClient(handler) { BaseAddress = Address };
    }

    /// <summary>A client signed in as <paramref name="user"/> of <paramref name="tenant"/> with the roles.</summary>
    public async Task<HttpClient> SignInAsync(string user, string? tenant, params string[] roles)
    {
        var client = Anonymous();
        var query = $"/test/signin?user={Uri.EscapeDataString(user)}&name={Uri.EscapeDataString(user + " Name")}&email={Uri.EscapeDataString(user + "@example.com")}"
            + (tenant is null ? "" : $"&tenant={Uri.EscapeDataString(tenant)}") + $"&roles={Uri.EscapeDataString(string.Join(',', roles))}";
        var response = await client.PostAsync(query, null);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return client;
    }

    /// <summary>Records an event as the application would, and returns it as stored.</summary>
    public async Task<AuditEvent> RecordAsync(AuditEvent e) => await Log.RecordAsync(e);

    /// <summary>Waits until every queued event (the audited reads are queued) is committed.</summary>
    public Task FlushAsync() => Log.FlushAsync();

    /// <summary>All stored events matching <paramref name="query"/>, read straight from the store without a tenant scope.</summary>
    public async Task<List<AuditEvent>> StoredAsync(AuditQuery query)
    {
        await FlushAsync();
        var result = new List<AuditEvent>();
        string? cursor = null;
        do
        {
            var page = await Reader.QueryAsync(query with { Cursor = cursor, PageSize = AuditQuery.MaxPageSize });
            result.AddRange(page.Events);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return result;
    }

    public static Task<T?> ReadAsync<T>(HttpResponseMessage response) => response.Content.ReadFromJsonAsync<T>(Json.Options);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a finalizing connection: the temp folder is cleaned by the OS.
        }
    }
}
