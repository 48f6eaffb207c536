using Microsoft.EntityFrameworkCore;

namespace AuditKit.Docs.Examples;

// The host application's types that the documentation's examples use (an ERP's customers, orders and products).
// A block may declare its own types of the same names: its declarations win over these.

/// <summary>An ERP customer.</summary>
public class Customer : ISoftDeletable
{
    public string Id { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string? Email { get; set; }

    public decimal CreditLimit { get; set; }

    public string PaymentTerms { get; set; } = "Net 30";

    public string Status { get; set; } = "Active";

    public string? TaxId { get; set; }

    public byte[]? RowVersion { get; set; }

    public bool IsDeleted { get; set; }
}

/// <summary>A sales order with lines.</summary>
public class Order
{
    public int Id { get; set; }

    public string Number { get; set; } = string.Empty;

    public string Status { get; set; } = "Draft";

    public List<OrderLine> Lines { get; set; } = [];
}

/// <summary>A line of an order.</summary>
public class OrderLine
{
    public int LineNo { get; set; }

    public string Sku { get; set; } = string.Empty;

    public int Quantity { get; set; }
}

/// <summary>A product.</summary>
public class Product
{
    public int Id { get; set; }

    public string Sku { get; set; } = string.Empty;

    public decimal Price { get; set; }
}

/// <summary>Cached session state that is not audited.</summary>
public class SessionCache
{
    public int Id { get; set; }

    public string Value { get; set; } = string.Empty;
}

/// <summary>Entities deleted by a flag.</summary>
public interface ISoftDeletable
{
    bool IsDeleted { get; set; }
}

/// <summary>The ERP's EF Core context.</summary>
public class ErpDbContext(DbContextOptions<ErpDbContext> options) : DbContext(options)
{
    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<Product> Products => Set<Product>();
}
