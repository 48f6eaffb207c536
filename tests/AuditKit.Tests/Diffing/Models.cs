using System.ComponentModel.DataAnnotations;

namespace AuditKit.Tests.Diffing;

public enum CustomerStatus
{
    Active,
    OnHold,
    Closed,
}

public sealed class Address
{
    public string? Street { get; set; }

    public string? City { get; set; }

    public string? Country { get; set; }
}

public sealed class OrderLine
{
    [Key]
    public int LineNo { get; set; }

    public string? Product { get; set; }

    public int Quantity { get; set; }

    public decimal Price { get; set; }
}

public sealed class Contact
{
    public int Id { get; set; }

    public string? Name { get; set; }
}

public sealed class Customer
{
    public string Id { get; set; } = "CUST-1";

    [Display(Name = "Customer Name")]
    public string? Name { get; set; }

    [AuditDisplayName("Credit Limit")]
    public decimal CreditLimit { get; set; }

    public string? PaymentTerms { get; set; }

    [AuditAlwaysReport]
    public CustomerStatus Status { get; set; }

    [AuditMasked]
    public string? BankAccount { get; set; }

    [AuditIgnore]
    public string? PasswordHash { get; set; }

    public double Discount { get; set; }

    public DateTimeOffset? LastOrderAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public Address? BillingAddress { get; set; }

    public List<OrderLine> Lines { get; set; } = [];

    public List<Contact> Contacts { get; set; } = [];

    public List<string> Tags { get; set; } = [];

    public Dictionary<string, string> Settings { get; set; } = [];

    public object? Extra { get; set; }

    public Customer Clone() => new()
    {
        Id = Id, Name = Name, CreditLimit = CreditLimit, PaymentTerms = PaymentTerms, Status = Status, BankAccount = BankAccount,
        PasswordHash = PasswordHash, Discount = Discount, LastOrderAt = LastOrderAt, CreatedAt = CreatedAt,
        BillingAddress = BillingAddress is null ? null : new Address { Street = BillingAddress.Street, City = BillingAddress.City, Country = BillingAddress.Country },
        Lines = Lines.Select(l => new OrderLine { LineNo = l.LineNo, Product = l.Product, Quantity = l.Quantity, Price = l.Price }).ToList(),
        Contacts = Contacts.Select(c => new Contact { Id = c.Id, Name = c.Name }).ToList(),
        Tags = [.. Tags],
        Settings = new Dictionary<string, string>(Settings),
        Extra = Extra,
    };
}

/// <summary>Twenty scalar properties: the benchmark's and the allocation test's entity.</summary>
public sealed class Product
{
    public int Id { get; set; }
    public string? Sku { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public decimal Price { get; set; }
    public decimal Cost { get; set; }
    public int Stock { get; set; }
    public int ReorderLevel { get; set; }
    public bool Active { get; set; }
    public bool Taxable { get; set; }
    public double Weight { get; set; }
    public double Volume { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    public Guid ExternalId { get; set; }
    public CustomerStatus Status { get; set; }
    public string? Category { get; set; }
    public string? Supplier { get; set; }
    public long Barcode { get; set; }
    public TimeSpan LeadTime { get; set; }

    public Product Clone() => (Product)MemberwiseClone();
}

public readonly record struct Money(decimal Amount, string Currency);

public sealed class Node
{
    public string? Name { get; set; }

    public Node? Parent { get; set; }

    public Node? Child { get; set; }
}
