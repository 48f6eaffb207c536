using AuditKit.Samples.Erp.Data;
using AuditKit.Samples.Erp.Seeding;
using AuditKit.Samples.Erp.Web;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AuditKit.Samples.Erp;

/// <summary>
/// The ERP sample, wired as any AuditKit consumer would: the SQLite store, EF Core interceptors on the ERP's context,
/// request context and sign-in events from the ASP.NET Core package, API request auditing, and the audit API under
/// /audit behind the host's policies, scoped to the user's tenant claim.
/// </summary>
internal static class ErpApplication
{
    /// <summary>The address used when none is configured (<c>--urls</c>, <c>ASPNETCORE_URLS</c>).</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var options = builder.Configuration.GetSection("Erp").Get<ErpOptions>() ?? new ErpOptions();
        var folder = Path.GetFullPath(options.DataFolder ?? Path.Combine(builder.Environment.ContentRootPath, "data"));
        Directory.CreateDirectory(folder);
        var erpDatabase = $"Data Source={Path.Combine(folder, "erp.db")}";
        builder.Services.AddSingleton(new ErpStorage(folder, erpDatabase, options.Seed));

        builder.Services.AddAuditKit(audit => audit
            .UseSqlite($"Data Source={Path.Combine(folder, "audit.db")}")
            .Configure(o => o.Application = "AuditKit ERP")
            .ConfigureChanges(changes => changes
                .For<Customer>(c => c
                    .Currency(x => x.CreditLimit, "en-US")
                    .DisplayName(x => x.CreditLimit, "Credit Limit")
                    .DisplayName(x => x.PaymentTerms, "Payment Terms")
                    .AlwaysReport(x => x.Status))
                .For<Product>(p => p.Currency(x => x.UnitPrice, "en-US").DisplayName(x => x.UnitPrice, "Unit Price"))
                .For<Order>(o => o.Currency(x => x.Total, "en-US"))
                .For<Invoice>(i => i.Currency(x => x.Amount, "en-US")))
            .AddAlerts()
            .AddReports(o => o.ScheduleDirectory = Path.Combine(folder, "reports")) // the Reports screen, Export Results / Export Entry on the server, and the scheduled reports (DefaultReportSchedules) into data/reports
            .AddRetention(r =>
            {
                // The retention screen's policies, holds, storage and archives; the job runs when started from the CLI or
                // the screen, not on a schedule (the demo's month is kept). The archive key lives in the data folder.
                r.ArchiveFolder = Path.Combine(folder, "archives");
                r.WorkFolder = Path.Combine(folder, "archives.work");
                r.KeyProvider = new StaticArchiveKeyProvider("erp-sample", ArchiveKey.LoadOrCreate(Path.Combine(folder, "keys", "archive.key")));
                r.RunOnSchedule = false;
                r.CapacityBytes = 10L << 30;
            })
            .AddEntityFramework(ef =>
            {
                ef.Entity<Customer>(e => e.RecordName(c => c.Name).LogViews());
                ef.Entity<Product>(e => e.RecordName(p => p.Name));
                ef.Entity<Order>(e => e.LogViews());
                ef.Exclude<ErpUser>();
                ef.Exclude<SeedRun>();
                ef.TenantId = db => ((ErpDbContext)db).TenantId;
            })
            .AddAspNetCore(o =>
            {
                o.TenantClaimType = CurrentTenant.TenantClaim;
                o.Api.ReadPolicy = ErpPolicies.AuditReaders;
                o.Api.AdminPolicy = ErpPolicies.AuditAdministrators;
                o.Api.StoreWideAdminPolicy = ErpPolicies.StoreAdministrators; // Angage's admin runs the application: saves the retention policies
                o.Api.HeartbeatInterval = HeartbeatService.Interval; // System Health expects the sample's five-minute beats
                o.Requests.Enabled = true;
                o.Requests.Include.Add("/api/*");
                o.Api.ServeUi = true; // the embedded audit screens at /audit/
            }));

        builder.Services.AddScoped(sp => CurrentTenant.Of(sp.GetRequiredService<IHttpContextAccessor>().HttpContext));
        builder.Services.AddDbContext<ErpDbContext>((sp, db) => db.UseSqlite(erpDatabase).AddAuditKitInterceptors(sp));
        builder.Services.AddSingleton<ErpSeeder>();
        builder.Services.AddHostedService<HeartbeatService>();
        // Cookie and antiforgery keys in the data folder: a restart keeps people signed in.
        builder.Services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(folder, "keys")));
        builder.Services.AddAntiforgery(o => o.Cookie.SameSite = SameSiteMode.Strict);
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.LoginPath = "/login";
                o.AccessDeniedPath = "/denied";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = context => ApiAware(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => ApiAware(context, StatusCodes.Status403Forbidden);
            })
            .AddAuditKitSignInEvents();
        ErpPolicies.Add(builder.Services.AddAuthorizationBuilder());

        var app = builder.Build();
        app.UseSecurityHeaders();
        app.UseAuthentication();
        app.UseAuditKit();
        app.UseAuthorization();
        SiteStyle.Map(app);
        SignInPages.Map(app);
        ErpPages.Map(app);
        ApiEndpoints.Map(app);
        AuditScreens.Map(app);
        return app;
    }

    /// <summary>Creates the databases and users, starts the server, then records the month of history on the first start.</summary>
    public static async Task<SeedRun?> StartAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        var storage = app.Services.GetRequiredService<ErpStorage>();
        var seeder = app.Services.GetRequiredService<ErpSeeder>();
        await seeder.CreateDatabaseAsync(storage.ErpConnectionString, cancellationToken);
        await app.StartAsync(cancellationToken);
        var run = await seeder.SeedHistoryAsync(storage.ErpConnectionString, storage.Seed, cancellationToken);
        await DefaultReportSchedules.EnsureAsync(app.Services, cancellationToken);
        return run;
    }

    // Pages redirect to the sign-in page; the JSON API answers with a status code.
    private static Task ApiAware(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }
}
