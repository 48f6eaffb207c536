namespace AuditKit.Samples.Erp.Data;

/// <summary>A business record: its id ("CUST-10001") and the tenant it belongs to (the context filters every query by it).</summary>
internal interface IErpRecord
{
    string Id { get; set; }

    string TenantId { get; set; }
}
