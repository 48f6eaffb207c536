namespace AuditKit.Samples.Erp.Data;

/// <summary>A product of one tenant's catalogue.</summary>
internal sealed class Product : IErpRecord
{
    public string Id { get; set; } = "";

    [AuditIgnore]
    public string TenantId { get; set; } = "";

    public string Name { get; set; } = "";

    public string Sku { get; set; } = "";

    public decimal UnitPrice { get; set; }

    public int Stock { get; set; }

    public Product Clone() => (Product)MemberwiseClone();
}
