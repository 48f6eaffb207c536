namespace AuditKit.Samples.Erp.Data;

/// <summary>A customer of one tenant; its credit limit is the product page's "Credit limit change".</summary>
internal sealed class Customer : IErpRecord
{
    public string Id { get; set; } = "";

    [AuditIgnore]
    public string TenantId { get; set; } = "";

    public string Name { get; set; } = "";

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public decimal CreditLimit { get; set; }

    public string PaymentTerms { get; set; } = "Net 30";

    public string Status { get; set; } = "Active";

    public Customer Clone() => (Customer)MemberwiseClone();
}
