using AuditKit.EntityFrameworkCore.Tests.Erp;
using Microsoft.EntityFrameworkCore;

namespace AuditKit.EntityFrameworkCore.Tests;

/// <summary>Events are recorded only for work that commits; a failed save is a Failure event.</summary>
public sealed class TransactionTests
{
    private ErpHost _erp = null!;

    [SetUp]
    public async Task StartAsync() => _erp = await ErpHost.StartAsync();

    [TearDown]
    public async Task StopAsync() => await _erp.DisposeAsync();

    [Test]
    public async Task ExplicitTransaction_EventsWaitForTheCommit()
    {
        using var lease = _erp.Context();
        await using var transaction = await lease.Db.Database.BeginTransactionAsync();
        lease.Db.Products.Add(new Product { Sku = "A" });
        await lease.Db.SaveChangesAsync();
        lease.Db.Products.Add(new Product { Sku = "B" });
        await lease.Db.SaveChangesAsync();

        (await _erp.EventsAsync()).Should().BeEmpty("nothing is committed yet");

        await transaction.CommitAsync();

        (await _erp.EventsAsync()).Select(e => e.Action).Should().Equal(AuditActions.Create, AuditActions.Create);
    }

    [Test]
    public async Task ExplicitTransaction_RolledBack_RecordsNothing()
    {
        using (var lease = _erp.Context())
        {
            await using var transaction = await lease.Db.Database.BeginTransactionAsync();
            lease.Db.Products.Add(new Product { Sku = "A" });
            await lease.Db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        using (var lease = _erp.Context())
        {
            lease.Db.Products.Add(new Product { Sku = "C" });
            await lease.Db.SaveChangesAsync();
        }

        (await _erp.EventsAsync()).Should().ContainSingle().Which.Changes.Should().ContainEquivalentOf(new { Field = "Sku", NewValue = "C" });
    }

    [Test]
    public async Task ExplicitTransaction_DisposedWithoutCommit_RecordsNothing()
    {
        using (var lease = _erp.Context())
        {
            using var transaction = lease.Db.Database.BeginTransaction();
            lease.Db.Products.Add(new Product { Sku = "A" });
            lease.Db.SaveChanges();
        }

        (await _erp.EventsAsync()).Should().BeEmpty();
    }

    [Test]
    public async Task FailedSave_IsRecordedAsFailure_AndTheErrorStillReachesTheCaller()
    {
        using (var lease = _erp.Context())
        {
            lease.Db.Customers.Add(new Customer { Name = "Dup" });
            await lease.Db.SaveChangesAsync();
        }

        using (var lease = _erp.Context())
        {
            lease.Db.Customers.Add(new Customer { Name = "Dup", CreditLimit = 5m });
            var save = () => lease.Db.SaveChangesAsync();
            await save.Should().ThrowAsync<DbUpdateException>();
        }

        var failure = (await _erp.EventsAsync()).Last();
        failure.Outcome.Should().Be(AuditOutcome.Failure);
        failure.Action.Should().Be(AuditActions.Create);
        failure.Message.Should().StartWith("Save failed: DbUpdateException").And.Contain("UNIQUE constraint failed");
        failure.Target!.RecordId.Should().Be("(new)", "the key was never generated");
        failure.Changes.Should().ContainEquivalentOf(new { Field = "CreditLimit", NewValue = "5" });
    }

    [Test]
    public async Task FailedSave_NotRecordedWhenTurnedOff()
    {
        await _erp.DisposeAsync();
        _erp = await ErpHost.StartAsync(o => o.RecordFailures = false);
        using (var lease = _erp.Context())
        {
            lease.Db.Customers.Add(new Customer { Name = "Dup" });
            lease.Db.Customers.Add(new Customer { Name = "Dup" });
            var save = () => lease.Db.SaveChangesAsync();
            await save.Should().ThrowAsync<DbUpdateException>();
        }

        (await _erp.EventsAsync()).Should().BeEmpty();
    }

    [Test]
    public async Task SeveralContextsSavingAtOnce_EveryChangeRecordedOnce()
    {
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async worker =>
        {
            for (var i = 0; i < 25; i++)
            {
                using var lease = _erp.Context();
                var product = new Product { Sku = $"W{worker}-{i}", Price = i };
                lease.Db.Products.Add(product);
                await lease.Db.SaveChangesAsync();
                product.Price = i + 1;
                await lease.Db.SaveChangesAsync();
            }
        }));

        var events = await _erp.EventsAsync();
        events.Should().HaveCount(8 * 25 * 2);
        events.Where(e => e.Action == AuditActions.Create).Select(e => e.Target!.RecordId).Should().OnlyHaveUniqueItems().And.HaveCount(200);
        events.Where(e => e.Action == AuditActions.Update).Select(e => e.Target!.RecordId).Should().OnlyHaveUniqueItems().And.HaveCount(200);
    }
}
