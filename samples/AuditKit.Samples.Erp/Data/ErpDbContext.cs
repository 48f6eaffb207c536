using Microsoft.EntityFrameworkCore;

namespace AuditKit.Samples.Erp.Data;

/// <summary>
/// The ERP's database (SQLite). Every tenant-owned set is filtered by <see cref="TenantId"/>, the signed-in user's
/// tenant claim; AuditKit's interceptors are added where the context is registered.
/// </summary>
internal sealed class ErpDbContext(DbContextOptions<ErpDbContext> options, CurrentTenant tenant) : DbContext(options)
{
    /// <summary>The tenant whose rows this context reads and writes (null: none, nothing is visible).</summary>
    public string? TenantId { get; } = tenant.Id;

    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<Product> Products => Set<Product>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<Invoice> Invoices => Set<Invoice>();

    public DbSet<ErpUser> Users => Set<ErpUser>();

    public DbSet<SeedRun> SeedRuns => Set<SeedRun>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampTenant();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampTenant();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Customer>().HasQueryFilter(c => c.TenantId == TenantId);
        modelBuilder.Entity<Product>().HasQueryFilter(p => p.TenantId == TenantId);
        modelBuilder.Entity<Order>().HasQueryFilter(o => o.TenantId == TenantId);
        modelBuilder.Entity<Invoice>().HasQueryFilter(i => i.TenantId == TenantId);
        modelBuilder.Entity<Customer>().HasIndex(c => c.TenantId);
        modelBuilder.Entity<Product>().HasIndex(p => p.TenantId);
        modelBuilder.Entity<Order>().HasIndex(o => o.TenantId);
        modelBuilder.Entity<Invoice>().HasIndex(i => i.TenantId);
        modelBuilder.Entity<SeedRun>().Property(s => s.Id).ValueGeneratedNever();
    }

    // A new row belongs to the signed-in user's tenant, whatever the form said.
    private void StampTenant()
    {
        foreach (var entry in ChangeTracker.Entries<IErpRecord>())
        {
            if (entry.State == EntityState.Added && TenantId is not null)
            {
                entry.Entity.TenantId = TenantId;
            }
        }
    }
}
