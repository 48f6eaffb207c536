using System.Security.Claims;
using AuditKit.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace AuditKit.Browser.Tests.Support;

/// <summary>
/// A minimal web application on Kestrel (127.0.0.1, a free port) with AuditKit on a SQLite file in a temp folder, the
/// audit API and screens at /audit (<c>o.Api.ServeUi = true</c>), alerts (<c>audit.AddAlerts()</c>), retention (<c>audit.AddRetention(...)</c>: archives in the temp folder, a static key, no schedule), the tenant claim "tenant", the policies AuditReaders
/// (role Auditor or Admin) and AuditAdministrators (role Admin), and a test sign-in: GET /test/signin?user=…&amp;tenant=…&amp;roles=…&amp;returnUrl=…
/// sets the cookie (the browser's own cookie jar) and redirects; /test/login is the cookie scheme's login page.
/// </summary>
public sealed class UiHost : IAsyncDisposable
{
    public const string TenantClaim = "tenant";

    private readonly WebApplication _app;
    private readonly DirectoryInfo _folder;

    private UiHost(WebApplication app, DirectoryInfo folder, Uri address)
    {
        _app = app;
        _folder = folder;
        Address = address;
    }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public IAuditLog Log => _app.Services.GetRequiredService<IAuditLog>();

    public IAuditReader Reader => _app.Services.GetRequiredService<IAuditReader>();

    /// <summary>
    /// Starts a host; <paramref name="singleTenant"/>: no tenant claim, callers act store-wide (retention policies are global);
    /// <paramref name="reports"/>: also <c>audit.AddReports()</c> (the Reports screen and server-side exports);
    /// <paramref name="configure"/>: more of the test's own services, before the application is built.
    /// </summary>
    public static async Task<UiHost> StartAsync(bool singleTenant = false, bool reports = false, Action<WebApplicationBuilder>? configure = null)
    {
        var folder = Directory.CreateTempSubdirectory("auditkit-ui-");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Services.AddAuditKit(audit => audit
            .UseSqlite($"Data Source={Path.Combine(folder.FullName, "audit.db")}")
            .AddAlerts(o => o.PollInterval = TimeSpan.FromMilliseconds(200))
            .AddRetention(r =>
            {
                r.ArchiveFolder = Path.Combine(folder.FullName, "archives");
                r.WorkFolder = Path.Combine(folder.FullName, "archives.work");
                r.KeyProvider = new StaticArchiveKeyProvider("ui-test", new byte[32]);
                r.RunOnSchedule = false;
                r.CapacityBytes = 50L * 1024 * 1024 * 1024;
            })
            .AddAspNetCore(o =>
            {
                o.TenantClaimType = singleTenant ? null : TenantClaim;
                o.Api.ReadPolicy = "AuditReaders";
                o.Api.AdminPolicy = "AuditAdministrators";
                o.Api.StorageCapacityBytes = 50L * 1024 * 1024 * 1024;
                o.Api.ServeUi = true;
            }));
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o => o.LoginPath = "/test/login")
            .AddAuditKitSignInEvents();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy("AuditReaders", p => p.RequireRole("Auditor", "Admin"))
            .AddPolicy("AuditAdministrators", p => p.RequireRole("Admin"));

        if (reports)
        {
            builder.Services.AddAuditKit(audit => audit.AddReports());
        }

        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuditKit();
        app.UseAuthorization();
        app.MapGet("/test/login", () => Results.Text("<!doctype html><title>Sign in</title><h1>Sign in</h1>", "text/html"));
        app.MapGet("/test/signin", async (HttpContext http, string user, string? name, string? tenant, string? roles, string? returnUrl) =>
        {
            var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, user), new(ClaimTypes.Name, name ?? user), new(ClaimTypes.Email, user + "@example.com") };
            if (tenant is not null)
            {
                claims.Add(new Claim(TenantClaim, tenant));
            }

            claims.AddRange((roles ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(r => new Claim(ClaimTypes.Role, r)));
            await http.SignInAsync(new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme)));
            return Results.Redirect(returnUrl is { Length: > 0 } && returnUrl.StartsWith('/') ? returnUrl : "/audit/");
        });
        app.MapAuditKit("/audit");

        await app.StartAsync();
        return new UiHost(app, folder, new Uri(app.Urls.First()));
    }

    /// <summary>The address that signs a browser in as <paramref name="user"/> and opens <paramref name="returnUrl"/>.</summary>
    public string SignInUrl(string user, string? tenant, string roles, string returnUrl = "/audit/") =>
        new Uri(Address, $"/test/signin?user={Uri.EscapeDataString(user)}&name={Uri.EscapeDataString(user.Replace('-', ' '))}"
            + (tenant is null ? "" : $"&tenant={Uri.EscapeDataString(tenant)}") + $"&roles={Uri.EscapeDataString(roles)}&returnUrl={Uri.EscapeDataString(returnUrl)}").ToString();

    public string Url(string path) => new Uri(Address, path).ToString();

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
