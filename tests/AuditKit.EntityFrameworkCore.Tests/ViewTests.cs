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
}
