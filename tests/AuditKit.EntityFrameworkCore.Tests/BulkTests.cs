using AuditKit.EntityFrameworkCore.Tests.Erp;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AuditKit.EntityFrameworkCore.Tests;

/// <summary>ExecuteUpdate/ExecuteDelete bypass the change tracker; they are recorded anyway.</summary>
public sealed class BulkTests
{
    private ErpHost _erp = null!;

    [TearDown]
    public async Task StopAsync() => await _erp.DisposeAsync();

    [Test]
    public async Task ExecuteUpdate_RecordsOneBulkEventWithPredicateAndRowCount()
    {
        _erp = await ErpHost.StartAsync();
        await SeedAsync(10);
        using (var lease = _erp.Context())
        {
            var minimum = 5m;
            var rows = await lease.Db.Products.Where(p => p.Price >= minimum).ExecuteUpdateAsync(s => s.SetProperty(p => p.Price, p => p.Price * 2));
            rows.Should().Be(5);
        }

        var bulk = (await _erp.EventsAsync()).Last();
        bulk.Action.Should().Be(AuditActions.Update);
        bulk.Target.Should().Be(new AuditTarget("Product"));
        bulk.Metadata["bulk"].GetBoolean().Should().BeTrue();
        bulk.Metadata["row_count"].GetInt32().Should().Be(5);
        bulk.Metadata["predicate"].GetString().Should().Contain("\"Price\"").And.Contain(">=");
        bulk.Metadata["set"].GetString().Should().Contain("\"Price\"");
        bulk.Metadata["parameters"].EnumerateObject().Select(p => p.Value.GetString()).Should().Contain("5");
        bulk.Metadata["rows_captured"].GetBoolean().Should().BeFalse();
    }

    [Test]
    public async Task ExecuteUpdate_WithRowCapture_RecordsEachRowBeforeAndAfter()
    {
        _erp = await ErpHost.StartAsync(o => o.Entity<Product>(e => e.CaptureBulkRows()));
        await SeedAsync(4);
        using (var lease = _erp.Context())
        {
            await lease.Db.Products.Where(p => p.Sku == "P-2" || p.Sku == "P-3").ExecuteUpdateAsync(s => s.SetProperty(p => p.Price, 99m).SetProperty(p => p.Sku, p => p.Sku + "-X"));
        }

        var events = await _erp.EventsAsync();
        var bulk = events.Single(e => e.Metadata.ContainsKey("bulk"));
        bulk.Metadata["rows_captured"].GetBoolean().Should().BeTrue();
        var rows = events.Where(e => e.CorrelationId == bulk.CorrelationId && e != bulk).ToList();
        rows.Should().HaveCount(2);
        rows.Should().OnlyContain(e => e.Action == AuditActions.Update && e.Target!.EntityType == "Product");
        var p2 = rows.Single(e => e.Changes.Any(c => c.Field == "Sku" && c.OldValue == "P-2"));
        p2.Changes.Should().BeEquivalentTo(
        [
            new { Field = "Price", OldValue = "2.0", NewValue = "99.0", Kind = FieldChangeKind.Modified },
            new { Field = "Sku", OldValue = "P-2", NewValue = "P-2-X", Kind = FieldChangeKind.Modified },
        ], o => o.ExcludingMissingMembers());
    }

    [Test]
    public async Task ExecuteDelete_WithRowCapture_RecordsEachRowsFinalValues()
    {
        _erp = await ErpHost.StartAsync(o => o.CaptureBulkRows = true);
        await SeedAsync(3);
        using (var lease = _erp.Context())
        {
            (await lease.Db.Products.Where(p => p.Price < 2m).ExecuteDeleteAsync()).Should().Be(2);
        }

        var events = await _erp.EventsAsync();
        var bulk = events.Single(e => e.Metadata.ContainsKey("bulk"));
        bulk.Action.Should().Be(AuditActions.Delete);
        bulk.Metadata["row_count"].GetInt32().Should().Be(2);
        var rows = events.Where(e => e.CorrelationId == bulk.CorrelationId && e != bulk).ToList();
        rows.Select(e => e.Changes.Single(c => c.Field == "Sku").OldValue).Should().BeEquivalentTo(["P-0", "P-1"]);
        rows.Should().OnlyContain(e => e.Action == AuditActions.Delete && e.Changes.All(c => c.Kind == FieldChangeKind.Removed));
    }

    [Test]
    public async Task ExecuteDelete_InsideATransactionRolledBack_RecordsNothing()
    {
        _erp = await ErpHost.StartAsync();
        await SeedAsync(3);
        var before = (await _erp.EventsAsync()).Count;
        using (var lease = _erp.Context())
        {
            await using var transaction = await lease.Db.Database.BeginTransactionAsync();
            await lease.Db.Products.ExecuteDeleteAsync();
            await transaction.RollbackAsync();
        }

        (await _erp.EventsAsync()).Should().HaveCount(before);
    }

    [Test]
    public async Task ExecuteUpdate_MoreRowsThanTheLimit_RecordsTheBulkEventSayingWhy()
    {
        _erp = await ErpHost.StartAsync(o => { o.CaptureBulkRows = true; o.MaxBulkRows = 2; });
        await SeedAsync(3);
        using (var lease = _erp.Context())
        {
            await lease.Db.Products.ExecuteUpdateAsync(s => s.SetProperty(p => p.Price, 1m));
        }

        var bulk = (await _erp.EventsAsync()).Single(e => e.Metadata.ContainsKey("bulk"));
        bulk.Metadata["row_count"].GetInt32().Should().Be(3);
        bulk.Metadata["rows_captured"].GetBoolean().Should().BeFalse();
        bulk.Metadata["rows_not_captured_reason"].GetString().Should().Contain("MaxBulkRows");
        using var check = _erp.Context();
        (await check.Db.Products.CountAsync(p => p.Price == 1m)).Should().Be(3, "the statement itself still runs");
    }

    [Test]
    public async Task InterceptCommandsOff_SavesStillRecorded_BulkStatementsNot()
    {
        _erp = await ErpHost.StartAsync(o => o.InterceptCommands = false);
        await SeedAsync(3);
        using (var lease = _erp.Context())
        {
            await lease.Db.Products.ExecuteUpdateAsync(s => s.SetProperty(p => p.Price, 1m));
        }

        var events = await _erp.EventsAsync();
        events.Should().HaveCount(3).And.OnlyContain(e => e.Action == AuditActions.Create, "the documented trade-off: no command interceptor, no bulk events");
    }

    [Test]
    public async Task UnrecognizedBulkSql_IsStillRecordedWithItsWholeStatement()
    {
        _erp = await ErpHost.StartAsync();
        using var lease = _erp.Context();
        var auditor = _erp.Services.GetRequiredService<EntityAuditInterceptors>().All.OfType<CommandAuditInterceptor>().Single();
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_erp.ErpDatabase}");
        await using var command = connection.CreateCommand();
        command.CommandText = "WITH cheap AS (SELECT \"Id\" FROM \"Products\" WHERE \"Price\" < 2) UPDATE \"Products\" SET \"Price\" = 0 WHERE \"Id\" IN (SELECT \"Id\" FROM cheap)";
        var entityAuditor = (EntityAuditor)typeof(CommandAuditInterceptor).GetField("<auditor>P", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(auditor)!;

        var capture = BulkCapture.Begin(entityAuditor, lease.Db, command, isDelete: false, deferred: false)!;
        var events = capture.Complete(command, lease.Db.GetService<Microsoft.EntityFrameworkCore.Storage.ISqlGenerationHelper>(), rows: 3);

        var bulk = events.Should().ContainSingle().Subject;
        bulk.Target!.EntityType.Should().Be(BulkCapture.Unrecognized);
        bulk.Risk.Should().Be(RiskLevel.Medium);
        bulk.Metadata["predicate"].GetString().Should().Be(command.CommandText, "the whole SQL is kept when its parts cannot be recognised");
        bulk.Metadata["row_count"].GetInt32().Should().Be(3);
    }

    private async Task SeedAsync(int count)
    {
        using var lease = _erp.Context();
        for (var i = 0; i < count; i++)
        {
            lease.Db.Products.Add(new Product { Sku = $"P-{i}", Price = i });
        }

        await lease.Db.SaveChangesAsync();
    }
}
