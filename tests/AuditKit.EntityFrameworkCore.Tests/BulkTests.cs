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

        var bulk = (await _erp.EventsAsync()).Single(e => e.Metadata.ContainsKey("bulk"));
        bulk.Action.Should().Be(AuditActions.Update);
        bulk.Target.Should().Be(new AuditTarget("Product"));
        bulk.Metadata["bulk"].GetBoolean().Should().BeTrue();
        bulk.Metadata["row_count"].GetInt32().Should().Be(5);
        bulk.Metadata["predicate"].GetString().Should().Contain("\"Price\"").And.Contain(">=");
        bulk.Metadata["set"].GetString().Should().Contain("\"Price\"");
        bulk.Metadata["parameters"].EnumerateObject().Select(p => p.Value.GetString()).Should().Contain("5");
        bulk.Metadata["rows_captured"].GetBoolean().Should().BeFalse();
        bulk.Metadata["keys_captured"].GetBoolean().Should().BeTrue();
    }

    [Test]
    public async Task ExecuteUpdate_Defaults_EachAffectedRecordsHistoryShowsTheBulkChange()
    {
        _erp = await ErpHost.StartAsync();
        using (var lease = _erp.Context())
        {
            lease.Db.Customers.AddRange(Enumerable.Range(1, 8).Select(i => new Customer { Name = $"C{i}", CreditLimit = i * 1000m }));
            await lease.Db.SaveChangesAsync();
        }

        // Oracle: the ids the statement will touch, read with plain SQL from the business database.
        var affected = Ids(_erp, "SELECT Id FROM Customers WHERE CreditLimit < 4500");
        var untouched = Ids(_erp, "SELECT Id FROM Customers WHERE CreditLimit >= 4500");
        affected.Should().HaveCount(4);
        using (var lease = _erp.Context())
        {
            (await lease.Db.Customers.Where(c => c.CreditLimit < 4500m).ExecuteUpdateAsync(s => s.SetProperty(c => c.CreditLimit, c => c.CreditLimit * 2))).Should().Be(4);
        }

        await _erp.Services.GetRequiredService<IAuditLog>().FlushAsync();
        var bulk = (await _erp.EventsAsync()).Single(e => e.Metadata.ContainsKey("bulk"));
        foreach (var id in affected)
        {
            var history = (await _erp.Reader.GetHistoryAsync("Customer", id)).Events;
            history.Should().HaveCount(2, $"customer {id}: its Create and the bulk update");
            var change = history[0];
            change.Action.Should().Be(AuditActions.Update);
            change.CorrelationId.Should().Be(bulk.CorrelationId);
            change.Metadata[AuditMetadata.UnknownFields].EnumerateArray().Select(f => f.GetString()).Should().Equal("CreditLimit");
            change.Changes.Should().BeEmpty("values are recorded only with CaptureBulkRows");
        }

        foreach (var id in untouched)
        {
            (await _erp.Reader.GetHistoryAsync("Customer", id)).Events.Should().ContainSingle().Which.Action.Should().Be(AuditActions.Create);
        }
    }

    [Test]
    public async Task GetStateAtAsync_AfterABulkUpdateWithoutValues_ReportsTheFieldAsUnknownUntilItIsSetAgain()
    {
        _erp = await ErpHost.StartAsync();
        int id;
        using (var lease = _erp.Context())
        {
            var customer = new Customer { Name = "Acme Corporation", CreditLimit = 10_000m };
            lease.Db.Customers.Add(customer);
            await lease.Db.SaveChangesAsync();
            id = customer.Id;
        }

        var key = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using (var lease = _erp.Context())
        {
            await lease.Db.Customers.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.CreditLimit, c => c.CreditLimit + 5_000m));
        }

        await _erp.Services.GetRequiredService<IAuditLog>().FlushAsync();
        var afterBulk = await _erp.Reader.GetStateAtAsync("Customer", key, DateTimeOffset.UtcNow.AddMinutes(1));
        afterBulk.Exists.Should().BeTrue();
        afterBulk.IsComplete.Should().BeFalse();
        afterBulk.UnknownFields.Should().Equal("CreditLimit");
        afterBulk.Fields.Should().NotContainKey("CreditLimit", "10000 is no longer the value, and the new one was not recorded");
        afterBulk.Fields["Name"].Should().Be("Acme Corporation");

        using (var lease = _erp.Context())
        {
            var customer = await lease.Db.Customers.SingleAsync(c => c.Id == id);
            customer.CreditLimit = 20_000m;
            await lease.Db.SaveChangesAsync();
        }

        await _erp.Services.GetRequiredService<IAuditLog>().FlushAsync();
        var afterSave = await _erp.Reader.GetStateAtAsync("Customer", key, DateTimeOffset.UtcNow.AddMinutes(1));
        afterSave.IsComplete.Should().BeTrue();
        afterSave.Fields["CreditLimit"].Should().Be("20000");
    }

    [Test]
    public async Task ExecuteDelete_Defaults_EachDeletedRecordsStateSaysItNoLongerExists()
    {
        _erp = await ErpHost.StartAsync();
        await SeedAsync(4);
        var deleted = Ids(_erp, "SELECT Id FROM Products WHERE Price < 2");
        using (var lease = _erp.Context())
        {
            (await lease.Db.Products.Where(p => p.Price < 2m).ExecuteDeleteAsync()).Should().Be(2);
        }

        await _erp.Services.GetRequiredService<IAuditLog>().FlushAsync();
        foreach (var id in deleted)
        {
            (await _erp.Reader.GetHistoryAsync("Product", id)).Events[0].Action.Should().Be(AuditActions.Delete);
            (await _erp.Reader.GetStateAtAsync("Product", id, DateTimeOffset.UtcNow.AddMinutes(1))).Exists.Should().BeFalse();
        }
    }

    [Test]
    public async Task ExecuteUpdate_OfAComplexProperty_NamesItsFieldPath()
    {
        _erp = await ErpHost.StartAsync();
        using (var lease = _erp.Context())
        {
            lease.Db.Invoices.Add(new Invoice { Number = "INV-1", Total = new Money { Amount = 10m } });
            await lease.Db.SaveChangesAsync();
        }

        using (var lease = _erp.Context())
        {
            await lease.Db.Invoices.ExecuteUpdateAsync(s => s.SetProperty(i => i.Total.Amount, 12m).SetProperty(i => i.Number, "INV-1b"));
        }

        var change = (await _erp.EventsAsync()).Single(e => e.Action == AuditActions.Update && e.Target!.RecordId is not null);
        change.Metadata[AuditMetadata.UnknownFields].EnumerateArray().Select(f => f.GetString()).Should().BeEquivalentTo(["Total.Amount", "Number"]);
    }

    [Test]
    public async Task ExecuteUpdate_Defaults_MoreRowsThanTheLimit_BulkEventSaysNoRecordWasListed()
    {
        _erp = await ErpHost.StartAsync(o => o.MaxBulkRows = 2);
        await SeedAsync(3);
        using (var lease = _erp.Context())
        {
            await lease.Db.Products.ExecuteUpdateAsync(s => s.SetProperty(p => p.Price, 1m));
        }

        var events = await _erp.EventsAsync();
        var bulk = events.Single(e => e.Metadata.ContainsKey("bulk"));
        bulk.Metadata["keys_captured"].GetBoolean().Should().BeFalse();
        bulk.Metadata["keys_not_captured_reason"].GetString().Should().Contain("MaxBulkRows");
        bulk.Risk.Should().Be(RiskLevel.Medium, "a change that no record's history shows deserves attention");
        bulk.Message.Should().Contain("records not listed");
        events.Where(e => e.Action == AuditActions.Update).Should().ContainSingle("no per-record events beyond the limit");
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

    internal static List<string> Ids(ErpHost erp, string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={erp.ErpDatabase}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return ids;
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
