using Microsoft.EntityFrameworkCore;

namespace AuditKit.Samples.Console;

/// <summary>A product as the ERP's inventory module keeps it.</summary>
public sealed class Product
{
    public int Id { get; set; }

    [AuditRecordName]
    public string Name { get; set; } = string.Empty;

    public string Sku { get; set; } = string.Empty;

    public decimal Price { get; set; }

    public int Stock { get; set; }
}

/// <summary>The inventory module's EF Core context; AuditKit's interceptors are added where it is registered.</summary>
public sealed class InventoryDbContext(DbContextOptions<InventoryDbContext> options) : DbContext(options)
{
    public DbSet<Product> Products => Set<Product>();
}

/// <summary>Some inventory work through EF Core; every change and the product list view are audited without a line of audit code.</summary>
public static class Inventory
{
    public static async Task<long> WorkAsync(InventoryDbContext db, IAuditContextAccessor context, IAuditLog log, IAuditReader reader)
    {
        await db.Database.EnsureDeletedAsync();
        await db.Database.EnsureCreatedAsync();
        var before = await reader.CountAsync(new AuditQuery { EntityTypes = ["Product"] });
        using (context.BeginScope(new AuditContext(new AuditActor("mwilson", "Mike Wilson", Role: "Warehouse"))))
        {
            var pump = new Product { Name = "Hydraulic Pump", Sku = "HP-12", Price = 199.90m, Stock = 35 };
            db.Products.Add(pump);
            await db.SaveChangesAsync();
            pump.Stock = 30;
            await db.SaveChangesAsync();
            await db.Products.Where(p => p.Price > 100m).ExecuteUpdateAsync(s => s.SetProperty(p => p.Price, p => p.Price * 1.05m));
            await db.Products.AsNoTracking().ToListAsync();
        }

        await log.FlushAsync();
        return await reader.CountAsync(new AuditQuery { EntityTypes = ["Product"] }) - before;
    }
}
