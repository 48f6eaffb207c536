using System.Data.Common;
using AuditKit.EntityFrameworkCore.Tests.Erp;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AuditKit.EntityFrameworkCore.Tests;

/// <summary>
/// A save's own statements skip AuditKit's command interceptor (EF Core then builds no event data for them:
/// docs/entity-framework.md, "Cost"); everything else still reaches it, right after a save too.
/// </summary>
public sealed class SaveScopedCommandTests
{
    private ErpHost _erp = null!;

    [TearDown]
    public async Task StopAsync()
    {
        if (_erp is not null)
        {
            await _erp.DisposeAsync();
        }
    }

    [Test]
    public async Task ExecuteDelete_InTheSameContextRightAfterASave_IsRecorded([Values] bool async)
    {
        _erp = await ErpHost.StartAsync();
        using (var lease = _erp.Context())
        {
            lease.Db.Products.AddRange(Enumerable.Range(1, 6).Select(i => new Product { Sku = $"P-{i}", Price = i }));
            _ = async ? await lease.Db.SaveChangesAsync() : lease.Db.SaveChanges();

            // EF Core remembers for a second that a command needed no event data; the save must not leave that behind.
            var deleted = BulkTests.Ids(_erp, "SELECT Id FROM Products WHERE Price < 4");
            var rows = async ? await lease.Db.Products.Where(p => p.Price < 4m).ExecuteDeleteAsync() : lease.Db.Products.Where(p => p.Price < 4m).ExecuteDelete();
            rows.Should().Be(3);

            var bulk = (await _erp.EventsAsync()).Should().ContainSingle(e => e.Metadata.ContainsKey("bulk")).Subject;
            bulk.Action.Should().Be(AuditActions.Delete);
            bulk.Metadata["row_count"].GetInt32().Should().Be(3);
            foreach (var id in deleted)
            {
                (await _erp.Reader.GetHistoryAsync("Product", id)).Events[0].Action.Should().Be(AuditActions.Delete);
            }
        }
    }

    [Test]
    public async Task ExecuteUpdate_InTheSameContextAfterAFailedSave_IsRecorded()
    {
        _erp = await ErpHost.StartAsync();
        using var lease = _erp.Context();
        lease.Db.Products.Add(new Product { Id = 1, Sku = "P-1", Price = 1m });
        await lease.Db.SaveChangesAsync();
        lease.Db.ChangeTracker.Clear();

        lease.Db.Products.Add(new Product { Id = 1, Sku = "duplicate key", Price = 2m });
        var failed = () => lease.Db.SaveChangesAsync();
        await failed.Should().ThrowAsync<DbUpdateException>();
        lease.Db.ChangeTracker.Clear();

        (await lease.Db.Products.ExecuteUpdateAsync(s => s.SetProperty(p => p.Price, 5m))).Should().Be(1);
        var events = await _erp.EventsAsync();
        events.Should().ContainSingle(e => e.Metadata.ContainsKey("bulk") && e.Action == AuditActions.Update)
            .Which.Metadata["row_count"].GetInt32().Should().Be(1);
    }

    [Test]
    public async Task ExecuteUpdate_InTheSameContextAfterASaveThatHitAConcurrencyConflict_IsRecorded()
    {
        _erp = await ErpHost.StartAsync();
        using var lease = _erp.Context();
        lease.Db.Products.AddRange(new Product { Sku = "P-1", Price = 1m }, new Product { Sku = "P-2", Price = 2m });
        await lease.Db.SaveChangesAsync();

        // Another process deletes P-1: the tracked entity's UPDATE then affects no row.
        using (var other = new SqliteConnection($"Data Source={_erp.ErpDatabase}"))
        {
            other.Open();
            using var delete = other.CreateCommand();
            delete.CommandText = "DELETE FROM Products WHERE Sku = 'P-1'";
            delete.ExecuteNonQuery().Should().Be(1);
        }

        lease.Db.Products.Local.Single(p => p.Sku == "P-1").Price = 5m;
        var save = () => lease.Db.SaveChangesAsync();
        await save.Should().ThrowAsync<DbUpdateConcurrencyException>();
        lease.Db.ChangeTracker.AutoDetectChangesEnabled.Should().BeTrue("the save that failed gave change detection back");
        lease.Db.ChangeTracker.Clear();

        (await lease.Db.Products.ExecuteUpdateAsync(s => s.SetProperty(p => p.Price, 7m))).Should().Be(1);
        var events = await _erp.EventsAsync();
        events.Should().ContainSingle(e => e.Metadata.ContainsKey("bulk") && e.Action == AuditActions.Update)
            .Which.Metadata["row_count"].GetInt32().Should().Be(1);
        events.Should().ContainSingle(e => e.Outcome == AuditOutcome.Failure && e.Target!.EntityType == "Product", "the conflicting save is recorded as failed");
    }

    [Test]
    public async Task ViewOfAnOrder_ReadInTheSameContextRightAfterASave_IsRecorded()
    {
        _erp = await ErpHost.StartAsync();
        using var lease = _erp.Context();
        lease.Db.Customers.Add(new Customer { Name = "Acme" });
        await lease.Db.SaveChangesAsync();
        lease.Db.Orders.Add(new Order { CustomerId = lease.Db.Customers.Single().Id, Number = "SO-1" });
        await lease.Db.SaveChangesAsync();
        lease.Db.ChangeTracker.Clear();

        // Orders log views (ErpHost); the view event is written when the query's reader closes (the command interceptor).
        (await lease.Db.Orders.AsNoTracking().ToListAsync()).Should().ContainSingle();
        var view = (await _erp.EventsAsync(new AuditQuery { Actions = [AuditActions.View] })).Should().ContainSingle().Subject;
        view.Target!.EntityType.Should().Be("Order");
    }

    [Test]
    public async Task AnApplicationsCommandInterceptor_StillSeesEveryStatementOfASave()
    {
        // Oracle: the statements the same save sends without AuditKit, counted by the same interceptor.
        var plain = await CountSaveCommandsAsync();
        var counter = new CountingCommandInterceptor();
        _erp = await ErpHost.StartAsync(db: o => o.AddInterceptors(counter));
        using var lease = _erp.Context();
        lease.Db.Products.AddRange(Enumerable.Range(1, 5).Select(i => new Product { Sku = $"P-{i}", Price = i }));
        await lease.Db.SaveChangesAsync();
        foreach (var p in lease.Db.Products.Local)
        {
            p.Price += 1m;
        }

        counter.Commands = 0;
        await lease.Db.SaveChangesAsync();
        counter.Commands.Should().Be(plain).And.BeGreaterThan(0);
    }

    [Test]
    public async Task DuringASave_EfCoreIsOfferedNoAuditKitCommandInterceptor_AndAfterItAgain()
    {
        var probe = new SavingProbe();
        _erp = await ErpHost.StartAsync(db: o => o.AddInterceptors(probe));
        using var lease = _erp.Context();
        var interceptors = lease.Db.GetService<IInterceptors>();
        interceptors.Aggregate<IDbCommandInterceptor>().Should().NotBeNull("outside a save, bulk statements and views need it");
        lease.Db.Products.Add(new Product { Sku = "P-1", Price = 1m });
        await lease.Db.SaveChangesAsync();
        probe.DuringSave.Should().BeNull("a save's statements skip EF Core's command event data");
        interceptors.Aggregate<IDbCommandInterceptor>().Should().NotBeNull();
    }

    private static async Task<int> CountSaveCommandsAsync()
    {
        var file = Path.Combine(Path.GetTempPath(), "auditkit-ef-tests", Guid.NewGuid().ToString("N") + ".db");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var counter = new CountingCommandInterceptor();
        var options = new DbContextOptionsBuilder<ErpDbContext>().UseSqlite($"Data Source={file}").AddInterceptors(counter)
            .ConfigureWarnings(w => w.Ignore(CoreEventId.ManyServiceProvidersCreatedWarning)).Options;
        try
        {
            await using var db = new ErpDbContext(options);
            await db.Database.EnsureCreatedAsync();
            db.Products.AddRange(Enumerable.Range(1, 5).Select(i => new Product { Sku = $"P-{i}", Price = i }));
            await db.SaveChangesAsync();
            foreach (var p in db.Products.Local)
            {
                p.Price += 1m;
            }

            counter.Commands = 0;
            await db.SaveChangesAsync();
            return counter.Commands;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    private sealed class CountingCommandInterceptor : DbCommandInterceptor
    {
        public int Commands { get; set; }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Commands++;
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Commands++;
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        {
            Commands++;
            return result;
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Commands++;
            return ValueTask.FromResult(result);
        }
    }

    /// <summary>Registered after AuditKit's: looks at what EF Core is offered while the save runs.</summary>
    private sealed class SavingProbe : SaveChangesInterceptor
    {
        public object? DuringSave { get; private set; } = "not called";

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            DuringSave = eventData.Context!.GetService<IInterceptors>().Aggregate<IDbCommandInterceptor>();
            return ValueTask.FromResult(result);
        }
    }
}
