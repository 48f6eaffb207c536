using AuditKit.EntityFrameworkCore.Tests.Erp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AuditKit.EntityFrameworkCore.Tests;

/// <summary>"View Logging (by Entity)" from the stored event policy: read by the interceptors at run time, over the code's configuration.</summary>
public sealed class EventPolicyViewTests
{
    private ErpHost _erp = null!;

    [TearDown]
    public async Task StopAsync() => await _erp.DisposeAsync();

    [Test]
    public async Task PolicySaved_TurnsViewsOnAndOffPerEntity_OverTheCodeConfiguration()
    {
        _erp = await ErpHost.StartAsync(o => o.Entity<Product>(e => e.LogViews()));
        using (var lease = _erp.Context())
        {
            lease.Db.Products.Add(new Product { Sku = "P-1" });
            lease.Db.Customers.Add(new Customer { Name = "Acme" });
            lease.Db.Invoices.Add(new Invoice { Number = "INV-1" });
            await lease.Db.SaveChangesAsync();
        }

        (await ViewedAfterQueryingAsync()).Should().BeEquivalentTo(["Product", "Customer"], "the code logs products (LogViews) and customers ([AuditViews]), not invoices");
        await SavePolicyAsync(p =>
        {
            p.ViewLogging["Product"] = false;
            p.ViewLogging["inVOICE"] = true; // entity names match case-insensitively
        });
        (await ViewedAfterQueryingAsync()).Should().BeEquivalentTo(["Customer", "Invoice"], "the policy turns products off and invoices on; customers keep the code's setting");
        await SavePolicyAsync(p => p.View = false);
        (await ViewedAfterQueryingAsync()).Should().BeEmpty("views are off altogether");
    }

    private async Task<List<string>> ViewedAfterQueryingAsync()
    {
        var before = (await _erp.EventsAsync(new AuditQuery { Actions = [AuditActions.View] })).Count;
        using (var lease = _erp.Context())
        {
            await lease.Db.Products.AsNoTracking().ToListAsync();
            await lease.Db.Customers.AsNoTracking().ToListAsync();
            await lease.Db.Invoices.AsNoTracking().ToListAsync();
        }

        var views = await _erp.EventsAsync(new AuditQuery { Actions = [AuditActions.View] });
        return [.. views.Skip(before).Select(v => v.Target!.EntityType!)]; // oldest first
    }

    private async Task SavePolicyAsync(Action<AuditEventPolicy> change)
    {
        var settings = _erp.Services.GetRequiredService<IAuditSettings>();
        var entry = await settings.GetAsync<AuditEventPolicy>(AuditEventPolicy.DocumentName);
        change(entry.Value);
        await settings.SaveAsync(AuditEventPolicy.DocumentName, entry.Value, entry.Version);
    }
}
