using AuditKit.EntityFrameworkCore.Tests.Erp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuditKit.EntityFrameworkCore.Tests;

/// <summary>"View Logging (by Entity)": reads of configured entity types become one View event per query.</summary>
public sealed class ViewTests
{
    private ErpHost _erp = null!;

    [TearDown]
    public async Task StopAsync() => await _erp.DisposeAsync();

    [Test]
    public async Task ListOf500Customers_IsOneViewEventListingTheIds()
    {
        _erp = await ErpHost.StartAsync();
        using (var lease = _erp.Context())
        {
            lease.Db.Customers.AddRange(Enumerable.Range(1, 500).Select(i => new Customer { Name = $"C{i:D3}" }));
            lease.Db.Products.AddRange(Enumerable.Range(1, 20).Select(i => new Product { Sku = $"P{i}" }));
            await lease.Db.SaveChangesAsync();
        }

        using (var lease = _erp.Context())
        {
            (await lease.Db.Customers.AsNoTracking().ToListAsync()).Should().HaveCount(500);
            (await lease.Db.Products.ToListAsync()).Should().HaveCount(20);
            (await lease.Db.Customers.SingleAsync(c => c.Name == "C042")).Should().NotBeNull();
        }

        var views = await _erp.EventsAsync(new AuditQuery { Actions = [AuditActions.View] });
        views.Should().HaveCount(2, "products are not logged; each customer query is one event");
        views.Should().OnlyContain(e => e.Category == AuditCategory.DataAccess, "the product page retains View/Read actions apart from record changes");
        views[0].Target!.EntityType.Should().Be("Customer");
        views[0].Metadata["record_count"].GetInt32().Should().Be(500);
        views[0].Metadata["record_ids"].GetArrayLength().Should().Be(500);
        views[1].Target!.RecordId.Should().NotBeNull("a single record viewed is the event's target");
        views[1].Metadata["record_count"].GetInt32().Should().Be(1);
    }

    [Test]
    public async Task Configuration_ChangedAtRunTime_AppliesToTheNextQuery()
    {
        var logProducts = false;
        _erp = await ErpHost.StartAsync(o => o.Entity<Product>(e => e.LogViews(logProducts)));
        using (var lease = _erp.Context())
        {
            lease.Db.Products.Add(new Product { Sku = "P" });
            await lease.Db.SaveChangesAsync();
        }

        using (var lease = _erp.Context())
        {
            await lease.Db.Products.ToListAsync();
        }

        // What the Event Configuration screen's Save does: change the settings and reload the options.
        logProducts = true;
        _erp.Services.GetRequiredService<IOptionsMonitorCache<EntityAuditOptions>>().TryRemove(Options.DefaultName);
        using (var lease = _erp.Context())
        {
            await lease.Db.Products.ToListAsync();
        }

        (await _erp.EventsAsync(new AuditQuery { Actions = [AuditActions.View] })).Should().ContainSingle()
            .Which.Target!.EntityType.Should().Be("Product");
    }

    [Test]
    public async Task ManyIds_AreCappedButTheCountIsExact()
    {
        _erp = await ErpHost.StartAsync(o => o.MaxViewIds = 10);
        using (var lease = _erp.Context())
        {
            lease.Db.Orders.AddRange(Enumerable.Range(1, 30).Select(i => new Order { Number = $"SO-{i}" }));
            await lease.Db.SaveChangesAsync();
        }

        using (var lease = _erp.Context())
        {
            await lease.Db.Orders.ToListAsync();
        }

        var view = (await _erp.EventsAsync(new AuditQuery { Actions = [AuditActions.View] })).Single();
        view.Metadata["record_count"].GetInt32().Should().Be(30);
        view.Metadata["record_ids"].GetArrayLength().Should().Be(10);
        view.Metadata["ids_truncated"].GetBoolean().Should().BeTrue();
    }

    [Test]
    public async Task Projection_OfAField_IsAViewOfTheEntityTypeWithTheCount()
    {
        _erp = await ErpHost.StartAsync();
        await SeedCustomersAsync(3);

        using (var lease = _erp.Context())
        {
            (await lease.Db.Customers.Select(c => c.CreditLimit).ToListAsync()).Should().HaveCount(3);
        }

        var view = (await _erp.EventsAsync(new AuditQuery { Actions = [AuditActions.View] })).Should().ContainSingle().Subject;
        view.Category.Should().Be(AuditCategory.DataAccess);
        view.Target!.EntityType.Should().Be("Customer");
        view.Target.RecordId.Should().BeNull();
        view.Metadata["record_count"].GetInt32().Should().Be(3);
        view.Metadata.Should().NotContainKey("record_ids", "the key was not projected");
        view.Metadata["projection"].GetBoolean().Should().BeTrue();
        view.Metadata["fields"].EnumerateArray().Select(f => f.GetString()).Should().Equal("CreditLimit");
    }

    [Test]
    public async Task Projection_IncludingTheKey_ListsTheIdsRead()
    {
        _erp = await ErpHost.StartAsync();
        await SeedCustomersAsync(5);
        var expected = Ids("SELECT Id FROM Customers WHERE CreditLimit >= 3000");

        using (var lease = _erp.Context())
        {
            await lease.Db.Customers.Where(c => c.CreditLimit >= 3000m).Select(c => new { c.Id, c.CreditLimit }).ToListAsync();
            await lease.Db.Customers.Where(c => c.CreditLimit >= 3000m).Select(c => new { CustomerId = c.Id, c.Name }).ToListAsync();
            await lease.Db.Customers.Where(c => c.CreditLimit >= 3000m).Select(c => c.Id).ToListAsync();
        }

        var views = await _erp.EventsAsync(new AuditQuery { Actions = [AuditActions.View] });
        views.Should().HaveCount(3);
        foreach (var view in views)
        {
            view.Metadata["record_count"].GetInt32().Should().Be(expected.Count);
            view.Metadata["record_ids"].EnumerateArray().Select(i => i.GetString()).Should().BeEquivalentTo(expected);
        }
    }

    [Test]
    public async Task Projection_OfOneRecord_HasItAsTarget()
    {
        _erp = await ErpHost.StartAsync();
        await SeedCustomersAsync(3);
        var id = Ids("SELECT Id FROM Customers WHERE Name = 'C2'").Single();

        using (var lease = _erp.Context())
        {
            (await lease.Db.Customers.Where(c => c.Name == "C2").Select(c => new { c.Id, c.Email }).SingleAsync()).Should().NotBeNull();
        }

        var view = (await _erp.EventsAsync(new AuditQuery { Actions = [AuditActions.View] })).Should().ContainSingle().Subject;
        view.Target!.RecordId.Should().Be(id);
        view.Metadata["fields"].EnumerateArray().Select(f => f.GetString()).Should().BeEquivalentTo(["Id", "Email"]);
    }

    [Test]
    public async Task Projection_OfATypeWithoutViewLogging_IsNotLogged_UntilConfiguredAtRunTime()
    {
        var logProducts = false;
        _erp = await ErpHost.StartAsync(o => o.Entity<Product>(e => e.LogViews(logProducts)));
        using (var lease = _erp.Context())
        {
            lease.Db.Products.AddRange(new Product { Sku = "P1", Price = 1m }, new Product { Sku = "P2", Price = 2m });
            await lease.Db.SaveChangesAsync();
        }

        using (var lease = _erp.Context())
        {
            await lease.Db.Products.Select(p => p.Price).ToListAsync();
        }

        (await _erp.EventsAsync(new AuditQuery { Actions = [AuditActions.View] })).Should().BeEmpty();
        logProducts = true;
        _erp.Services.GetRequiredService<IOptionsMonitorCache<EntityAuditOptions>>().TryRemove(Options.DefaultName);
        using (var lease = _erp.Context())
        {
            await lease.Db.Products.Select(p => p.Price).ToListAsync(); // the same (cached) query
        }

        var view = (await _erp.EventsAsync(new AuditQuery { Actions = [AuditActions.View] })).Should().ContainSingle().Subject;
        view.Target!.EntityType.Should().Be("Product");
        view.Metadata["record_count"].GetInt32().Should().Be(2);
    }

    [Test]
    public async Task Projection_OfWholeEntities_IsOneViewEventNotTwo()
    {
        _erp = await ErpHost.StartAsync();
        await SeedCustomersAsync(2);

        using (var lease = _erp.Context())
        {
            await lease.Db.Customers.Select(c => new { Customer = c, c.Name }).ToListAsync();
        }

        var view = (await _erp.EventsAsync(new AuditQuery { Actions = [AuditActions.View] })).Should().ContainSingle().Subject;
        view.Metadata["record_ids"].GetArrayLength().Should().Be(2);
    }

    [Test]
    public async Task Projection_InsideAPredicate_IsNotCountedAsAViewOfItsType()
    {
        _erp = await ErpHost.StartAsync();
        await SeedCustomersAsync(3);
        using (var lease = _erp.Context())
        {
            lease.Db.Orders.AddRange(Enumerable.Range(1, 4).Select(i => new Order { Number = $"SO-{i}", CustomerId = i }));
            await lease.Db.SaveChangesAsync();
        }

        using (var lease = _erp.Context())
        {
            var numbers = await lease.Db.Orders.Where(o => lease.Db.Customers.Select(c => c.Id).Contains(o.CustomerId)).Select(o => o.Number).ToListAsync();
            numbers.Should().HaveCount(3, "orders 1-3 have a customer");
        }

        var view = (await _erp.EventsAsync(new AuditQuery { Actions = [AuditActions.View] })).Should().ContainSingle("customer ids used in the filter never reach the caller").Subject;
        view.Target!.EntityType.Should().Be("Order");
        view.Metadata["record_count"].GetInt32().Should().Be(3);
    }

    private async Task SeedCustomersAsync(int count)
    {
        using var lease = _erp.Context();
        lease.Db.Customers.AddRange(Enumerable.Range(1, count).Select(i => new Customer { Name = $"C{i}", CreditLimit = i * 1000m, Email = $"c{i}@example.com" }));
        await lease.Db.SaveChangesAsync();
    }

    private List<string> Ids(string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_erp.ErpDatabase}");
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
}
