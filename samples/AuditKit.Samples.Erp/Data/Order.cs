namespace AuditKit.Samples.Erp.Data;

/// <summary>A sales order: one product line, kept small on purpose.</summary>
internal sealed class Order : IErpRecord
{
    public string Id { get; set; } = "";

    [AuditIgnore]
    public string TenantId { get; set; } = "";

    public string CustomerId { get; set; } = "";

    public string ProductId { get; set; } = "";

    public int Quantity { get; set; }

    public decimal Total { get; set; }

    public string Status { get; set; } = "Draft";

    public DateOnly OrderDate { get; set; }

    public Order Clone() => (Order)MemberwiseClone();
}
