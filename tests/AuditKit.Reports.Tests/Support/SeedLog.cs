namespace AuditKit.Reports.Tests.Support;

/// <summary>
/// A small log with one or more events for every report, each marked by hand with the reports it belongs to (the
/// oracle: docs/reports.md's selections, written down independently of the report definitions).
/// </summary>
public static class SeedLog
{
    public static readonly DateTimeOffset From = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset To = new(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly AuditActor John = new("jsmith", "John Smith", "john@example.com", "Sales Manager");
    public static readonly AuditActor Sarah = new("sjones", "Sarah Jones", Role: "Accountant");
    public static readonly AuditActor Mike = new("mwilson", "Mike Wilson");
    public static readonly AuditActor Admin = new("admin", "Admin", Role: "Administrator");
    public static readonly AuditActor ApiMain = new("api-main", "API (Main)", Kind: ActorKind.ApiClient);

    public sealed record Seed(AuditEvent Event, AuditReportKind[] In, int DataChangeRows = 0);

    public static List<Seed> Build()
    {
        var t = new DateTimeOffset(2026, 1, 10, 9, 0, 0, TimeSpan.Zero);
        var minute = 0;
        AuditEvent At(AuditEvent e, AuditActor? actor = null, AuditClient? client = null, string? tenant = null) =>
            e with { Timestamp = t.AddMinutes(minute++), Actor = actor ?? e.Actor, Client = client ?? new AuditClient("192.168.1.105", "New York, NY (estimated)", Device: "Chrome on Windows"), TenantId = tenant };

        return
        [
            new(At(AuditEvents.Login(John)), [AuditReportKind.UserAccess, AuditReportKind.SecurityEvent]),
            new(At(AuditEvents.Viewed("Customer", "CUST-12345", "Acme Corporation"), John), [AuditReportKind.UserAccess]),
            new(At(AuditEvents.Updated("Customer", "CUST-12345", "Acme Corporation",
                [new FieldChange("CreditLimit", "10000.00", "15000.00", DisplayName: "Credit Limit"), new FieldChange("PaymentTerms", "Net 30", "Net 45", DisplayName: "Payment Terms")]), John),
                [AuditReportKind.DataChange], DataChangeRows: 2),
            new(At(AuditEvents.LoginFailed(Mike, 3, 5), Mike, new AuditClient("45.67.89.123")), [AuditReportKind.UserAccess, AuditReportKind.SecurityEvent]),
            new(At(AuditEvents.Created("Order", "SO-2026-0892", "Order 892", [new FieldChange("Total", null, "1200.00", FieldChangeKind.Added)]), Sarah), [AuditReportKind.DataChange], DataChangeRows: 1),
            new(At(AuditEvents.Deleted("Product", "P-7", "Widget"), Mike), [AuditReportKind.DataChange], DataChangeRows: 1),
            new(At(AuditEvents.Export("Customer", 5000, "csv"), Sarah), [AuditReportKind.ExportActivity]),
            new(At(AuditEvents.PermissionChanged("Role", "admin", "Admin", [new FieldChange("Permissions", "read", "read,write")]), Admin), [AuditReportKind.SecurityEvent, AuditReportKind.AdminActivity]),
            new(At(AuditEvents.RoleGranted("lisa", "Lisa T.", "Administrator", administrative: true), Admin), [AuditReportKind.SecurityEvent, AuditReportKind.AdminActivity]),
            new(At(AuditEvents.ApiKeyCreated("key-1", "Production key"), Admin), [AuditReportKind.SecurityEvent, AuditReportKind.AdminActivity]),
            new(At(AuditEvents.SettingsChanged("Tax", [new FieldChange("Rate", "19", "21")]), Admin), [AuditReportKind.AdminActivity]),
            new(At(AuditEvents.PasswordReset(Sarah)), [AuditReportKind.SecurityEvent]),
            new(At(new AuditEvent(AuditCategory.ApiRequest, "Create") { Message = "POST /api/invoices", Target = new AuditTarget("Invoice", "INV-1") }, ApiMain), [AuditReportKind.SystemAccess]),
            new(At(AuditEvents.IntegrationSync("Shopify", 42)), [AuditReportKind.SystemAccess]),
            new(At(AuditEvents.JobExecuted("Scheduled Backup", "Database")), []),
            new(At(AuditEvents.Import("Product", 10), Sarah), []),
            new(At(AuditEvents.Logout(John)), [AuditReportKind.UserAccess, AuditReportKind.SecurityEvent]),
        ];
    }

    /// <summary>Records the seeds, then one event after the range that every report's selection would otherwise take.</summary>
    public static async Task<List<AuditEvent>> RecordAsync(IAuditLog log, IEnumerable<Seed>? seeds = null)
    {
        var written = new List<AuditEvent>();
        foreach (var seed in seeds ?? Build())
        {
            written.Add(await log.RecordAsync(seed.Event));
        }

        await log.RecordAsync(AuditEvents.Login(John) with { Timestamp = To.AddDays(3) });
        return written;
    }
}
