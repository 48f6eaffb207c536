namespace AuditKit.Browser.Tests.Support;

/// <summary>
/// The events the screens are tested against, relative to now so that every screen's default period holds them. Tenant
/// A has a customer updated with a changes table (including an unchanged field), related events, a record named
/// <c>&lt;script&gt;alert(1)&lt;/script&gt;</c>, a record whose name starts with a spreadsheet formula, sign-ins, failed
/// logins, a locked account, jobs and heartbeats. Tenant B has nothing in common with A (other users, entities, names).
/// </summary>
public sealed record SeededLog(AuditEvent CustomerUpdatedA, AuditEvent ScriptCustomerA, AuditEvent FormulaCustomerA, IReadOnlyList<AuditEvent> OfA, IReadOnlyList<AuditEvent> OfB)
{
    public const string ScriptName = "<script>alert(1)</script>";
    public const string FormulaName = "=SUM(1+1)";
    public static readonly AuditActor Alice = new("a-alice", "Alice Able", "alice@a.example", "Sales Manager");
    public static readonly AuditActor Mike = new("a-mike", "Mike Wilson", "mike@a.example", "Clerk");
    public static readonly AuditActor Bravo = new("b-bravo", "Bravo Baker", "bravo@b.example", "B-Role");

    public static async Task<SeededLog> SeedAsync(UiHost host)
    {
        var now = TimeProvider.System.GetUtcNow();
        var clientA = new AuditClient("192.168.1.105", "New York, NY (estimated)", "Mozilla/5.0", "Chrome on Windows", "sess_abc123");
        var clientB = new AuditClient("10.0.0.2", null, "curl/8.0", "curl", "sess_b");
        var a = new List<AuditEvent>();
        var b = new List<AuditEvent>();

        async Task<AuditEvent> A(AuditEvent e, TimeSpan ago, AuditActor? actor = null)
        {
            var stored = await host.Log.RecordAsync(e with { TenantId = "A", Actor = e.Actor ?? actor ?? Alice, Client = clientA, Timestamp = now - ago });
            a.Add(stored);
            return stored;
        }

        async Task B(AuditEvent e, TimeSpan ago) =>
            b.Add(await host.Log.RecordAsync(e with { TenantId = "B", Actor = e.Actor ?? Bravo, Client = clientB, Timestamp = now - ago, CorrelationId = e.CorrelationId ?? "corr-b" }));

        await A(AuditEvents.Login(Alice), TimeSpan.FromHours(5));
        await A(AuditEvents.Created("Customer", "CUST-A1", "Acme Corporation", [new FieldChange("CreditLimit", null, "10000", FieldChangeKind.Added, "Credit Limit", null, "$10,000.00")]), TimeSpan.FromDays(2));
        var script = await A(AuditEvents.Created("Customer", "CUST-A2", ScriptName, [new FieldChange("Name", null, ScriptName, FieldChangeKind.Added)]), TimeSpan.FromHours(3));
        var formula = await A(AuditEvents.Created("Customer", "CUST-A3", FormulaName), TimeSpan.FromHours(2));
        var updated = await A(AuditEvents.Updated("Customer", "CUST-A1", "Acme Corporation",
        [
            new FieldChange("CreditLimit", "10000", "15000", FieldChangeKind.Modified, "Credit Limit", "$10,000.00", "$15,000.00"),
            new FieldChange("PaymentTerms", "Net 30", "Net 45", FieldChangeKind.Modified, "Payment Terms"),
            new FieldChange("Status", "Active", "Active", FieldChangeKind.Unchanged, "Status"),
        ]) with { CorrelationId = "corr-a" }, TimeSpan.FromMinutes(60));
        await A(new AuditEvent(AuditCategory.UserAction, "ApprovalRequested")
        {
            Message = "Approval request created", CorrelationId = "corr-a", Target = new AuditTarget("Approval", "APR-1", "Credit limit approval"),
        }, TimeSpan.FromMinutes(60) - TimeSpan.FromSeconds(3));
        await A(AuditEvents.Viewed("Order", "SO-2026-0892", "Order SO-2026-0892"), TimeSpan.FromMinutes(50));
        await A(AuditEvents.LoginFailed(Mike, 3, 5), TimeSpan.FromMinutes(40), Mike);
        await A(AuditEvents.AccountLocked(Mike), TimeSpan.FromMinutes(39), Mike);
        await A(AuditEvents.Export("Customer", 5000), TimeSpan.FromMinutes(30));
        await A(AuditEvents.JobExecuted("Scheduled Backup", "Database"), TimeSpan.FromHours(4), AuditActor.System);
        await A(AuditEvents.JobExecuted("Daily Reconciliation", "Finance", AuditOutcome.Warning), TimeSpan.FromHours(6), AuditActor.System);
        for (var i = 0; i < 6; i++)
        {
            await A(AuditEvents.Heartbeat("Search", TimeSpan.FromMilliseconds(140 + i)), TimeSpan.FromMinutes(1 + i), AuditActor.System);
        }

        await B(AuditEvents.Updated("Invoice", "INV-B1", "Bravo Holdings", [new FieldChange("Total", "1", "2")]), TimeSpan.FromMinutes(55));
        await B(AuditEvents.Export("Invoice", 7000), TimeSpan.FromMinutes(20));
        await B(AuditEvents.LoginFailed(Bravo, 5, 5), TimeSpan.FromMinutes(10));
        await B(AuditEvents.JobExecuted("Bravo Sync", "BravoComponent"), TimeSpan.FromMinutes(15));
        await host.Log.FlushAsync();
        return new SeededLog(updated, script, formula, a, b);
    }
}
