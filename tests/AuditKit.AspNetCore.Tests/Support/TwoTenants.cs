namespace AuditKit.AspNetCore.Tests.Support;

/// <summary>
/// Events of two tenants with nothing in common: every value a filter can take (actor, role, action, entity, record,
/// correlation, IP, text) differs between A and B, so a search with B's values must find nothing for a user of A.
/// </summary>
public sealed record TwoTenants(AuditEvent CustomerCreatedA, AuditEvent CustomerUpdatedA, AuditEvent ApprovalA, AuditEvent InvoiceUpdatedB, AuditEvent ExportB, AuditEvent LoginFailedB)
{
    public IReadOnlyList<AuditEvent> OfB => [InvoiceUpdatedB, ExportB, LoginFailedB];

    public static async Task<TwoTenants> SeedAsync(AuditWebHost host)
    {
        var alice = new AuditActor("a-user", "Alice Able", "alice@a.example", "Sales Manager");
        var bob = new AuditActor("b-user", "Bravo Baker", "bob@b.example", "B-Role");
        var clientA = new AuditClient("192.168.1.105", null, "Mozilla/5.0", "Chrome on Windows", "sess_a");
        var clientB = new AuditClient("10.0.0.2", null, "curl/8.0", "curl", "sess_b");

        var createdA = await host.RecordAsync(AuditEvents.Created("Customer", "CUST-A1", "Acme Corporation", [new FieldChange("CreditLimit", null, "10000")]) with
        {
            TenantId = "A", Actor = alice, Client = clientA, Timestamp = new DateTimeOffset(2026, 1, 20, 9, 0, 0, TimeSpan.Zero),
        });
        var updatedA = await host.RecordAsync(AuditEvents.Updated("Customer", "CUST-A1", "Acme Corporation", [new FieldChange("CreditLimit", "10000", "15000"), new FieldChange("PaymentTerms", "Net 30", "Net 45")]) with
        {
            TenantId = "A", Actor = alice, Client = clientA, CorrelationId = "corr-a", Timestamp = new DateTimeOffset(2026, 1, 22, 10, 45, 32, TimeSpan.Zero),
        });
        var approvalA = await host.RecordAsync(new AuditEvent(AuditCategory.UserAction, "ApprovalRequested")
        {
            TenantId = "A", Actor = alice, Client = clientA, CorrelationId = "corr-a", Message = "Approval request created",
            Target = new AuditTarget("Approval", "APR-1"), Timestamp = new DateTimeOffset(2026, 1, 22, 10, 45, 35, TimeSpan.Zero),
        });
        var invoiceB = await host.RecordAsync(AuditEvents.Updated("Invoice", "INV-B1", "Bravo Holdings", [new FieldChange("Total", "1", "2")]) with
        {
            TenantId = "B", Actor = bob, Client = clientB, CorrelationId = "corr-b", Timestamp = new DateTimeOffset(2026, 1, 21, 8, 0, 0, TimeSpan.Zero),
        });
        var exportB = await host.RecordAsync(AuditEvents.Export("Invoice", 5000) with { TenantId = "B", Actor = bob, Client = clientB, CorrelationId = "corr-b" });
        var failedB = await host.RecordAsync(AuditEvents.LoginFailed(bob, 5, 5) with { TenantId = "B", Client = clientB });
        return new TwoTenants(createdA, updatedA, approvalA, invoiceB, exportB, failedB);
    }
}
