// Uses each package the way a NuGet consumer does, through its public API only: records through the EF Core
// interceptors and IAuditLog into a SQLite audit store, reads it back, verifies the chain, and exercises the
// in-memory store, the PostgreSQL builder and the ASP.NET Core audit API. Exit code 0 only when every step did what it should.
using AuditKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var folder = Directory.CreateTempSubdirectory("auditkit-consumer-");
try
{
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Services.AddAuditKit(audit => audit
        .UseSqlite($"Data Source={Path.Combine(folder.FullName, "audit.db")}")
        .Configure(o => o.Application = "Consumer")
        .AddEntityFramework()
        .AddReports());
    builder.Services.AddDbContext<ShopDb>((sp, db) => db
        .UseSqlite($"Data Source={Path.Combine(folder.FullName, "shop.db")}")
        .AddAuditKitInterceptors(sp));

    using var host = builder.Build();
    await host.StartAsync();
    var log = host.Services.GetRequiredService<IAuditLog>();
    var reader = host.Services.GetRequiredService<IAuditReader>();

    using (var scope = host.Services.CreateScope())
    {
        var db = scope.ServiceProvider.GetRequiredService<ShopDb>();
        await db.Database.EnsureCreatedAsync();
        db.Customers.Add(new Customer { Name = "Acme Corporation", CreditLimit = 10_000m });
        await db.SaveChangesAsync();
        var customer = await db.Customers.SingleAsync();
        customer.CreditLimit = 15_000m;
        await db.SaveChangesAsync();
    }

    await log.RecordAsync(AuditEvents.Export("Customer", recordCount: 5000));
    await log.FlushAsync();

    var history = (await reader.GetHistoryAsync("Customer", "1")).Events;
    Require(history.Count == 2, $"expected 2 history entries for Customer 1, found {history.Count}");
    var total = await reader.CountAsync(new AuditQuery());
    Require(total == 3, $"expected 3 events, found {total}");
    var verified = await host.Services.GetRequiredService<IAuditVerifier>().VerifyAsync();
    Require(verified.Intact, "the chain should verify");
    // UseSqlite ran before any SQLite connection of this process: it turned SQLite's memory statistics off.
    Require(SQLitePCL.raw.sqlite3_memory_used() == 0, $"SQLite's memory statistics should be off, but SQLite counts {SQLitePCL.raw.sqlite3_memory_used()} bytes");

    // AuditKit.Reports: a Data Change report as CSV and as a PDF with its evidence section.
    var reports = host.Services.GetRequiredService<AuditKit.Reports.IAuditReports>();
    var request = new AuditKit.Reports.AuditReportRequest { Kind = AuditKit.Reports.AuditReportKind.DataChange, From = DateTimeOffset.UtcNow.AddHours(-1), To = DateTimeOffset.UtcNow.AddHours(1) };
    using (var csv = new MemoryStream())
    using (var pdf = new MemoryStream())
    {
        var csvReport = await reports.GenerateAsync(request, AuditKit.Reports.AuditReportFormat.Csv, csv);
        var pdfReport = await reports.GenerateAsync(request, AuditKit.Reports.AuditReportFormat.Pdf, pdf);
        Require(csvReport.Events == 2 && csvReport.Evidence.Intact, $"expected 2 Data Change events with intact evidence, found {csvReport.Events}");
        Require(pdf.ToArray().AsSpan(0, 5).SequenceEqual("%PDF-"u8) && pdfReport.Rows == csvReport.Rows, "the PDF report");
    }
    await host.StopAsync();

    // AuditKit.Testing: the in-memory store behind the same API.
    var memoryServices = new ServiceCollection().AddLogging();
    memoryServices.AddAuditKit(audit => audit.UseInMemory());
    await using var memory = memoryServices.BuildServiceProvider();
    Require(await memory.GetRequiredService<IAuditReader>().CountAsync(new AuditQuery()) == 0, "in-memory reader");

    // AuditKit.Storage.Conformance: the published suite runs against the in-memory store outside a test runner
    // (a failing check throws), including the hash round trip and 10,000-event seeding.
    var conformance = new InMemoryConformance();
    await conformance.SeedAsync();
    await conformance.AppendAsync_FullEvent_RoundTripsEveryFieldAndHash();
    await conformance.QueryAsync_PagesThroughTenThousandEvents_WithoutGapsOrDuplicates();
    await conformance.DisposeSeededAsync();

    // AuditKit.PostgreSql: registration resolves without a server until the store is used.
    var postgres = new ServiceCollection().AddLogging();
    postgres.AddAuditKit(audit => audit.UsePostgreSql("Host=127.0.0.1;Database=none", o => o.Schema = "auditkit"));
    Require(postgres.Any(d => d.ServiceType == typeof(AuditStore)), "PostgreSQL registration");

    // AuditKit.AspNetCore: the package loads with its shared framework, and the audit API on Kestrel (127.0.0.1)
    // answers an anonymous caller with 401.
    var web = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
    web.Logging.ClearProviders();
    web.WebHost.UseUrls("http://127.0.0.1:0");
    web.Services.AddAuditKit(audit => audit
        .UseSqlite($"Data Source={Path.Combine(folder.FullName, "web.db")}")
        .AddAspNetCore(o =>
        {
            o.Api.ReadPolicy = "Readers";
            o.Api.ServeUi = true; // MapAuditKit throws when the package's dll lacks the embedded screens
        }));
    web.Services.AddAuthentication("Cookies").AddCookie("Cookies").AddAuditKitSignInEvents();
    web.Services.AddAuthorizationBuilder().AddPolicy("Readers", p => p.RequireAuthenticatedUser());
    await using (var webApp = web.Build())
    {
        webApp.UseAuthentication();
        webApp.UseAuditKit();
        webApp.UseAuthorization();
        webApp.MapAuditKit("/audit");
        await webApp.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(webApp.Urls.First()) };
        var status = (await http.GetAsync("/audit/events")).StatusCode;
        Require(status == System.Net.HttpStatusCode.Unauthorized, $"the audit API should answer 401 to an anonymous caller, not {status}");
        using var page = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = http.BaseAddress };
        var challenge = await page.GetAsync("/audit/");
        Require(challenge.StatusCode == System.Net.HttpStatusCode.Redirect, $"the audit screens should send an anonymous browser to the login page, not {challenge.StatusCode}");
        await webApp.StopAsync();
    }

    // AuditKit.Notifications: an e-mail and a webhook channel register as alert channels beside the alert engine.
    var notified = new ServiceCollection().AddLogging();
    notified.AddAuditKit(a => a.UseInMemory().AddNotifications(n => n
        .AddEmail("email:security", o => { o.Host = "127.0.0.1"; o.From = "audit@example.com"; o.To = ["soc@example.com"]; })
        .AddWebhook("webhook:siem", o => o.Url = new Uri("http://127.0.0.1:9/alerts"))));
    await using (var channels = notified.BuildServiceProvider())
    {
        Require(channels.GetServices<AuditKit.IAlertChannel>().Count() == 2 && channels.GetService<AuditKit.IAuditAlerts>() is not null, "notification channels and alerts");
    }

    // AuditKit.Interop and AuditKit.Interop.OpenTelemetry: a mapping, and the forwardings register.
    var cef = AuditKit.Interop.CefMapping.Format(new AuditEvent(AuditCategory.Security, AuditActions.Login) { Message = "a|b" });
    Require(cef.StartsWith("CEF:0|AuditKit|AuditKit|", StringComparison.Ordinal) && cef.Contains(@"|a\|b|", StringComparison.Ordinal), $"unexpected CEF line {cef}");
    AuditKit.Interop.OtlpForwardingBuilderExtensions.AddOtlpForwarding(
        AuditKit.Interop.ForwardingBuilderExtensions.AddSyslogForwarding(new ServiceCollection().AddAuditKit(a => a.UseInMemory()), o => o.Host = "127.0.0.1"),
        o => o.Endpoint = new Uri("http://127.0.0.1:4318/v1/logs"));

    Console.WriteLine($"package consumer: OK ({total} events, chain intact, audit API and screens protected)");
    return 0;
}
catch (Exception exception)
{
    Console.Error.WriteLine($"package consumer: FAILED: {exception}");
    return 1;
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    folder.Delete(recursive: true);
}

static void Require(bool condition, string message)
{
    if (!condition)
    {
        throw new InvalidOperationException(message);
    }
}

internal sealed class InMemoryConformance : AuditKit.Storage.Conformance.AuditStoreConformanceTests
{
    protected override Task<AuditStore> CreateStoreAsync() => Task.FromResult<AuditStore>(new AuditKit.Testing.InMemoryAuditStore());
}

internal sealed class Customer
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public decimal CreditLimit { get; set; }
}

internal sealed class ShopDb(DbContextOptions<ShopDb> options) : DbContext(options)
{
    public DbSet<Customer> Customers => Set<Customer>();
}
