// AuditKit console sample: records a realistic day of ERP activity into audit.db (embedded SQLite),
// then prints what the audit screens show: the log viewer's first page, one entry's detail with its
// changes and related events, the dashboard and one user's activity (IAuditInsights), then writes one PDF of each
// compliance report into a "reports" folder beside the database (AuditKit.Reports).
using AuditKit;
using AuditKit.Reports;
using AuditKit.Samples.Console;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var database = args.Length > 0 ? args[0] : "audit.db";
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddAuditKit(audit => audit
    .UseSqlite($"Data Source={database}")
    .Configure(o => o.Application = "Angage ERP")
    .ConfigureChanges(changes => changes.For<Customer>(customer => customer
        .Currency(c => c.CreditLimit, "en-US")
        .DisplayName(c => c.CreditLimit, "Credit Limit")
        .DisplayName(c => c.PaymentTerms, "Payment Terms")
        .AlwaysReport(c => c.Status)))
    .AddEntityFramework(ef =>
    {
        ef.Entity<Product>(p => p.LogViews());
        ef.Outbox = true; // a save's events commit with it (auditkit_outbox in erp.db), relayed after a crash
    })
    .AddReports()
    .AddAlerts(o => o.PollInterval = TimeSpan.FromMilliseconds(200)));

// EF Core: one line on the context's options and every change it saves is audited.
var erpDatabase = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(database)) ?? ".", "erp.db");
builder.Services.AddDbContext<InventoryDbContext>((sp, db) => db.UseSqlite($"Data Source={erpDatabase}").AddAuditKitInterceptors(sp));

using var host = builder.Build();
await host.StartAsync();

var log = host.Services.GetRequiredService<IAuditLog>();
var reader = host.Services.GetRequiredService<IAuditReader>();
var context = host.Services.GetRequiredService<IAuditContextAccessor>();
var time = host.Services.GetRequiredService<TimeProvider>();

var day = new ErpDay(log, context, host.Services.GetRequiredService<IChangeDetector>(), time.GetUtcNow());
var recorded = await day.RecordAsync();
Console.WriteLine($"Recorded {recorded:N0} events of a day at Angage ERP into {Path.GetFullPath(database)}.");
Console.WriteLine();

using (var scope = host.Services.CreateScope())
{
    var inventory = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
    await inventory.Database.EnsureCreatedAsync(); // before the relay: EnsureCreated skips a database that has any table

    // At start-up: events a crashed run committed with its changes but did not store yet.
    var relayed = await host.Services.GetRequiredService<IAuditOutboxRelay>().RelayAsync(inventory);
    Console.WriteLine($"Outbox: {relayed} event(s) left by an earlier run relayed.");
    var captured = await Inventory.WorkAsync(inventory, context, log, reader);
    Console.WriteLine($"EF Core: {captured} events captured by the interceptors (create, update, bulk update, a view), e.g. \"{(await reader.QueryAsync(new AuditQuery { EntityTypes = ["Product"], PageSize = 1 })).Events[0].Message}\".");
    Console.WriteLine();
}

await AlertRulesDemo.RunAsync(host.Services.GetRequiredService<IAuditAlerts>(), log, Console.Out);
await new AuditScreens(reader, host.Services.GetRequiredService<IAuditInsights>(), Console.Out).PrintAsync(day.Start, day.End);
Console.WriteLine("Audit Compliance Reports (one PDF of each):");
await ComplianceReports.WriteAsync(host.Services.GetRequiredService<IAuditReports>(), day.Start, day.End, Path.Combine(Path.GetDirectoryName(Path.GetFullPath(database)) ?? ".", "reports"), Console.Out);
await ComplianceReports.ScheduleAsync(host.Services.GetRequiredService<IAuditReportSchedules>(), Console.Out);
await host.StopAsync();
