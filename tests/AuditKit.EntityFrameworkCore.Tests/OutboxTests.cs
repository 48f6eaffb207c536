using AuditKit.EntityFrameworkCore.Tests.Erp;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AuditKit.EntityFrameworkCore.Tests;

/// <summary>EntityAuditOptions.Outbox: events committed with the business change in its transaction, relayed after a crash.</summary>
public sealed class OutboxTests
{
    private readonly List<ErpHost> _hosts = [];

    [TearDown]
    public async Task StopAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }
    }

    [Test]
    public async Task SaveCommitsItsEventsIntoTheOutbox_AndTheirRowsGoOnceStored()
    {
        var erp = await StartAsync();
        using (var lease = erp.Context())
        {
            lease.Db.Products.Add(new Product { Sku = "A" }); // one statement: the save still gets a transaction
            await lease.Db.SaveChangesAsync();
        }

        var first = OutboxIds(erp);
        var events = await erp.EventsAsync();
        events.Should().ContainSingle().Which.Changes.Should().ContainEquivalentOf(new { Field = "Sku", NewValue = "A" });
        first.Should().Equal(events[0].Id.ToString("D"));

        using (var lease = erp.Context())
        {
            lease.Db.Products.Add(new Product { Sku = "B" });
            lease.Db.Products.Add(new Product { Sku = "C" });
            lease.Db.SaveChanges(); // the synchronous path stages too
        }

        events = await erp.EventsAsync();
        events.Should().HaveCount(3);
        OutboxIds(erp).Should().BeEquivalentTo(events.Skip(1).Select(e => e.Id.ToString("D")), "the stored event's row was deleted by the next save");
    }

    [Test]
    public async Task ExplicitTransaction_StagesAtCommit_AndARollbackLeavesNothing()
    {
        var erp = await StartAsync();
        using (var lease = erp.Context())
        {
            await using var transaction = await lease.Db.Database.BeginTransactionAsync();
            lease.Db.Products.Add(new Product { Sku = "Rolled back" });
            await lease.Db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        OutboxIds(erp).Should().BeEmpty();
        (await erp.EventsAsync()).Should().BeEmpty();

        using (var lease = erp.Context())
        {
            await using var transaction = await lease.Db.Database.BeginTransactionAsync();
            lease.Db.Products.Add(new Product { Sku = "X" });
            await lease.Db.SaveChangesAsync();
            lease.Db.Products.Add(new Product { Sku = "Y" });
            await lease.Db.SaveChangesAsync();
            OutboxIds(erp).Should().BeEmpty("the rows are written when the transaction commits");
            await transaction.CommitAsync();
        }

        var events = await erp.EventsAsync();
        events.Select(e => e.Changes.Single(c => c.Field == "Sku").NewValue).Should().Equal("X", "Y");
        OutboxIds(erp).Should().BeEquivalentTo(events.Select(e => e.Id.ToString("D")));
    }

    [Test]
    public async Task AFailingOutboxInsert_FailsTheCommit_SoTheChangeIsNotCommittedUnaudited()
    {
        var erp = await StartAsync();
        using (var lease = erp.Context())
        {
            lease.Db.Products.Add(new Product { Sku = "First" });
            await lease.Db.SaveChangesAsync(); // creates the outbox table
        }

        Execute(erp, "CREATE TRIGGER outbox_full BEFORE INSERT ON auditkit_outbox BEGIN SELECT RAISE(ABORT, 'outbox full'); END");
        using (var lease = erp.Context())
        {
            lease.Db.Products.Add(new Product { Sku = "Unaudited" });
            lease.Db.Customers.Add(new Customer { Name = "Unaudited Ltd", Contacts = [new ContactPerson { No = 1, Name = "Q" }] });
            var save = () => lease.Db.SaveChangesAsync();
            (await save.Should().ThrowAsync<SqliteException>()).Which.Message.Should().Contain("outbox full");
        }

        using (var lease = erp.Context())
        {
            (await lease.Db.Products.Select(p => p.Sku).ToListAsync()).Should().Equal("First");
            (await lease.Db.Customers.AnyAsync()).Should().BeFalse();
        }

        var events = await erp.EventsAsync();
        events.Where(e => e.Outcome == AuditOutcome.Success).Should().ContainSingle("only the first save committed");
        events.Should().Contain(e => e.Outcome == AuditOutcome.Failure && e.Message!.Contains("outbox full"), "the attempt is recorded as a failure");
        events.Single(e => e.Outcome == AuditOutcome.Failure && e.Target!.EntityType == "Customer").Changes
            .Where(c => c.Field == "Contacts[1].Name").Should().ContainSingle("the events built for the outbox are not added to twice");
    }

    [Test]
    public async Task Relay_WritesWhatADeadProcessLeft_Once_KeepingIdsAndTimes()
    {
        var dead = await StartAsync();
        using (var lease = dead.Context())
        {
            lease.Db.Products.Add(new Product { Sku = "P1" });
            lease.Db.Customers.Add(new Customer { Name = "Acme" });
            await lease.Db.SaveChangesAsync();
        }

        var original = await dead.EventsAsync();
        OutboxIds(dead).Should().HaveCount(2, "no later save deleted them: a process that dies now leaves them behind");

        // A second process on the same business database, with an audit store that never received these events.
        var young = await StartAsync(erpDatabase: dead.ErpDatabase, relayAge: TimeSpan.FromMinutes(1));
        (await RelayAsync(young)).Should().Be(0, "rows younger than OutboxRelayAge belong to a process still queueing them");
        OutboxIds(young).Should().HaveCount(2);

        var next = await StartAsync(erpDatabase: dead.ErpDatabase, relayAge: TimeSpan.Zero);
        (await RelayAsync(next)).Should().Be(2);
        OutboxIds(next).Should().BeEmpty();
        var relayed = await next.EventsAsync();
        relayed.Select(e => (e.Id, e.Timestamp, e.Target!.EntityType)).Should().BeEquivalentTo(original.Select(e => (e.Id, e.Timestamp, e.Target!.EntityType)));
        relayed.Should().OnlyContain(e => e.Hash != null && e.Sequence > 0);

        (await RelayAsync(next)).Should().Be(0);
        (await next.EventsAsync()).Should().HaveCount(2, "nothing is written twice");
    }

    [Test]
    public async Task Relay_DeletesRowsWhoseEventsTheStoreAlreadyHolds()
    {
        var erp = await StartAsync(relayAge: TimeSpan.Zero);
        using (var lease = erp.Context())
        {
            lease.Db.Products.Add(new Product { Sku = "P1" });
            await lease.Db.SaveChangesAsync();
        }

        (await erp.EventsAsync()).Should().ContainSingle();
        (await RelayAsync(erp)).Should().Be(0);
        OutboxIds(erp).Should().BeEmpty();
        (await erp.EventsAsync()).Should().ContainSingle();
    }

    [Test]
    public async Task ADatabaseDroppedAndCreatedAgain_GetsItsOutboxTableBack()
    {
        var erp = await StartAsync();
        using (var lease = erp.Context())
        {
            lease.Db.Products.Add(new Product { Sku = "Before" });
            await lease.Db.SaveChangesAsync();
            await lease.Db.Database.EnsureDeletedAsync();
            await lease.Db.Database.EnsureCreatedAsync();
        }

        using (var lease = erp.Context())
        {
            lease.Db.Products.Add(new Product { Sku = "After" });
            await lease.Db.SaveChangesAsync();
        }

        var events = await erp.EventsAsync();
        events.Should().HaveCount(2);
        OutboxIds(erp).Should().Equal(events[1].Id.ToString("D"));
    }

    private async Task<ErpHost> StartAsync(string? erpDatabase = null, TimeSpan? relayAge = null)
    {
        var host = await ErpHost.StartAsync(
            o =>
            {
                o.Outbox = true;
                o.Durability = AuditDurability.Committed; // async saves return once their events are stored
                o.OutboxRelayAge = relayAge ?? TimeSpan.FromMinutes(1);
            },
            erpDatabase: erpDatabase);
        _hosts.Add(host);
        return host;
    }

    private static async Task<int> RelayAsync(ErpHost host)
    {
        using var lease = host.Context();
        return await host.Services.GetRequiredService<IAuditOutboxRelay>().RelayAsync(lease.Db);
    }

    private static List<string> OutboxIds(ErpHost host)
    {
        using var connection = new SqliteConnection($"Data Source={host.ErpDatabase}");
        connection.Open();
        using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'auditkit_outbox'";
        if ((long)exists.ExecuteScalar()! == 0)
        {
            return [];
        }

        using var select = connection.CreateCommand();
        select.CommandText = "SELECT id FROM auditkit_outbox ORDER BY id";
        using var reader = select.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private static void Execute(ErpHost host, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={host.ErpDatabase}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
