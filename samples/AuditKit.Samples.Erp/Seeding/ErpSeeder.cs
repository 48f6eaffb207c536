using AuditKit.Samples.Erp.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AuditKit.Samples.Erp.Seeding;

/// <summary>
/// Prepares the data folder at start-up: creates erp.db, adds the demo users, and on the first start (when
/// <see cref="ErpOptions.Seed"/> is on) records the month of <see cref="HistoryPlan"/> through <see cref="IAuditLog"/>
/// with each event's original timestamp, then writes the records that history leaves and a <see cref="SeedRun"/> row.
/// A start that finds the row seeds nothing. The records are written without AuditKit's interceptors: their history is
/// the plan's events, not a second "created today" copy.
/// </summary>
internal sealed partial class ErpSeeder(IAuditLog log, IChangeDetector changes, TimeProvider time, ILogger<ErpSeeder> logger)
{
    /// <summary>Creates erp.db and the demo users when missing (before the server starts).</summary>
    public async Task CreateDatabaseAsync(string erpConnectionString, CancellationToken cancellationToken = default)
    {
        await using var db = Open(erpConnectionString);
        await db.Database.EnsureCreatedAsync(cancellationToken);
        if (!await db.Users.AnyAsync(cancellationToken))
        {
            var hasher = new PasswordHasher<ErpUser>();
            foreach (var person in ErpTenant.All.SelectMany(t => t.People))
            {
                var user = person.ToUser("");
                user.PasswordHash = hasher.HashPassword(user, ErpTenant.DemoPassword);
                db.Users.Add(user);
            }

            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Records the month of history once (the audit log must be running: call after the host started); returns the
    /// seed run, or null when seeding is off and never ran.
    /// </summary>
    public async Task<SeedRun?> SeedHistoryAsync(string erpConnectionString, bool seed, CancellationToken cancellationToken = default)
    {
        await using var db = Open(erpConnectionString);
        if (await db.SeedRuns.FirstOrDefaultAsync(cancellationToken) is { } done)
        {
            return done;
        }

        if (!seed)
        {
            return null;
        }

        var plan = HistoryPlan.Build(time.GetUtcNow(), changes);
        foreach (var e in plan.Events)
        {
            log.Record(e);
        }

        await log.FlushAsync(cancellationToken);
        db.Customers.AddRange(plan.Customers);
        db.Products.AddRange(plan.Products);
        db.Orders.AddRange(plan.Orders);
        db.Invoices.AddRange(plan.Invoices);
        var run = new SeedRun { Id = 1, Anchor = plan.Anchor, EventCount = plan.Events.Count };
        db.SeedRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        LogSeeded(logger, plan.Events.Count, plan.From, plan.Anchor);
        return run;
    }

    // Without AuditKit's interceptors and without a tenant filter: the seeder writes every tenant's rows.
    private static ErpDbContext Open(string connectionString) =>
        new(new DbContextOptionsBuilder<ErpDbContext>().UseSqlite(connectionString).Options, new CurrentTenant(null));

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded {Count} audit events from {From:u} to {Anchor:u}")]
    private static partial void LogSeeded(ILogger logger, int count, DateTimeOffset from, DateTimeOffset anchor);
}
