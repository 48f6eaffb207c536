using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;

namespace AuditKit.EntityFrameworkCore.Tests.Erp;

[AuditViews]
public sealed class Customer
{
    public int Id { get; set; }

    [AuditRecordName]
    public string Name { get; set; } = string.Empty;

    [AuditPersonal]
    public string? Email { get; set; }

    [Display(Name = "Credit Limit")]
    public decimal CreditLimit { get; set; }

    [AuditMasked]
    public string? TaxId { get; set; }

    public bool IsDeleted { get; set; }

    public Address? BillingAddress { get; set; }

    public List<ContactPerson> Contacts { get; set; } = [];

    public List<Tag> Tags { get; set; } = [];
}

/// <summary>An owned collection item (<c>OwnsMany</c>).</summary>
public sealed class ContactPerson
{
    public int No { get; set; }

    public string Name { get; set; } = string.Empty;

    public string? Phone { get; set; }
}

public sealed class Address
{
    public string? Street { get; set; }

    public string? City { get; set; }
}

public sealed class Tag
{
    public int Id { get; set; }

    public string Label { get; set; } = string.Empty;

    public List<Customer> Customers { get; set; } = [];
}

public sealed class Product
{
    public int Id { get; set; }

    public string Sku { get; set; } = string.Empty;

    public decimal Price { get; set; }
}

public sealed class Order
{
    public int Id { get; set; }

    public int CustomerId { get; set; }

    public string Number { get; set; } = string.Empty;

    public List<OrderLine> Lines { get; set; } = [];
}

/// <summary>Composite key: (OrderId, LineNo).</summary>
public sealed class OrderLine
{
    public int OrderId { get; set; }

    public int LineNo { get; set; }

    public int ProductId { get; set; }

    public int Quantity { get; set; }
}

public sealed class Invoice
{
    public int Id { get; set; }

    public string Number { get; set; } = string.Empty;

    public Money Total { get; set; } = new();
}

/// <summary>A complex type (EF Core complex property).</summary>
public sealed class Money
{
    public decimal Amount { get; set; }

    public string Currency { get; set; } = "USD";
}

[AuditExclude]
public sealed class SessionCache
{
    public int Id { get; set; }

    public string Value { get; set; } = string.Empty;
}

public sealed class ErpDbContext(DbContextOptions<ErpDbContext> options) : DbContext(options)
{
    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<Tag> Tags => Set<Tag>();

    public DbSet<Product> Products => Set<Product>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<OrderLine> OrderLines => Set<OrderLine>();

    public DbSet<Invoice> Invoices => Set<Invoice>();

    public DbSet<SessionCache> SessionCaches => Set<SessionCache>();

    /// <summary>The tenant this context works for (the host's multi-tenancy).</summary>
    public string? TenantId { get; set; }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Customer>().OwnsOne(c => c.BillingAddress);
        modelBuilder.Entity<Customer>().OwnsMany(c => c.Contacts, contact => contact.HasKey("CustomerId", nameof(ContactPerson.No)));
        modelBuilder.Entity<Customer>().HasMany(c => c.Tags).WithMany(t => t.Customers);
        modelBuilder.Entity<Customer>().HasIndex(c => c.Name).IsUnique();
        modelBuilder.Entity<OrderLine>().HasKey(l => new { l.OrderId, l.LineNo });
        modelBuilder.Entity<Order>().HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId);
        modelBuilder.Entity<Invoice>().ComplexProperty(i => i.Total);
    }
}
