namespace AuditKit.Samples.Erp.Data;

/// <summary>An invoice for an order.</summary>
internal sealed class Invoice : IErpRecord
{
    public string Id { get; set; } = "";

    [AuditIgnore]
    public string TenantId { get; set; } = "";

    public string OrderId { get; set; } = "";

    public string CustomerId { get; set; } = "";

    public decimal Amount { get; set; }

    public DateOnly DueDate { get; set; }

    public string Status { get; set; } = "Open";

    public Invoice Clone() => (Invoice)MemberwiseClone();
}
