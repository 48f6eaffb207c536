namespace AuditKit.Samples.Console;

/// <summary>The ERP's customer record, as the host application holds it.</summary>
internal sealed record Customer(string Id, string Name, decimal CreditLimit, string PaymentTerms, string Status)
{
    /// <summary>Recorded as changed, never shown.</summary>
    [AuditMasked]
    public string? BankAccount { get; init; }

    /// <summary>Never recorded.</summary>
    [AuditIgnore]
    public string? InternalNotes { get; init; }
}
