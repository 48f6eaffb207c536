using AuditKit.Samples.Erp.Data;

namespace AuditKit.Samples.Erp.Seeding;

/// <summary>
/// The two seeded tenants: their users (one password for all, <see cref="DemoPassword"/>), customers, products and the
/// components that send heartbeats. Tenant A is Angage Industries (admin Sarah Johnson), tenant B Borealis Trading.
/// </summary>
internal sealed record ErpTenant(string Id, string Name, IReadOnlyList<ErpPerson> People, IReadOnlyList<Customer> Customers, IReadOnlyList<Product> Products, IReadOnlyList<string> Components)
{
    /// <summary>The demo password of every seeded user (the sign-in page says so).</summary>
    public const string DemoPassword = "erp-demo";

    // Built on each call: the records are mutable entities, so no instance is shared.
    public static ErpTenant Angage => new(
        "angage",
        "Angage Industries",
        [
            new("sjohnson", "Sarah Johnson", ErpRoles.Admin, "Administrator", "10.0.0.7", "Chrome on macOS", "New York, NY (estimated)", "angage"),
            new("jsmith", "John Smith", ErpRoles.User, "Sales Manager", "192.168.1.105", "Chrome on Windows", "New York, NY (estimated)", "angage"),
            new("mwilson", "Mike Wilson", ErpRoles.User, "Warehouse", "192.168.1.140", "Safari on iPad", "Newark, NJ (estimated)", "angage"),
            new("ltaylor", "Lisa Taylor", ErpRoles.User, "Accountant", "192.168.1.151", "Firefox on Linux", "New York, NY (estimated)", "angage"),
            new("dreyes", "Dana Reyes", ErpRoles.Auditor, "Internal Auditor", "192.168.1.160", "Edge on Windows", "Boston, MA (estimated)", "angage"),
        ],
        [
            Customer("CUST-10001", "Acme Corporation", 10_000m, "Net 30", "+1 212 555 0100"),
            Customer("CUST-10002", "Globex", 25_000m, "Net 45", "+1 415 555 0133"),
            Customer("CUST-10003", "Initech", 5_000m, "Net 30", "+1 512 555 0172"),
            Customer("CUST-10004", "Umbrella Ltd", 50_000m, "Net 60", "+44 20 7946 0958"),
            Customer("CUST-10005", "Stark Supplies", 15_000m, "Net 30", "+1 646 555 0111"),
            Customer("CUST-10006", "Wayne Retail", 20_000m, "Net 30", "+1 609 555 0188"),
            Customer("CUST-10007", "Vandelay Industries", 7_500m, "Net 15", "+1 718 555 0145"),
        ],
        [
            Product("PRD-100", "Steel Bolt M8", "SB-M8", 0.35m, 12_000),
            Product("PRD-101", "Copper Wire 2mm", "CW-2", 18.90m, 800),
            Product("PRD-102", "Hydraulic Pump", "HP-40", 1_240.00m, 35),
            Product("PRD-103", "Safety Gloves", "SG-L", 6.50m, 2_400),
            Product("PRD-104", "LED Panel", "LED-60", 89.00m, 410),
            Product("PRD-105", "Pallet Jack", "PJ-2T", 420.00m, 12),
        ],
        ["Web", "Database", "Notifications"]);

    public static ErpTenant Borealis => new(
        "borealis",
        "Borealis Trading",
        [
            new("ochen", "Olivia Chen", ErpRoles.Admin, "Administrator", "172.16.4.10", "Chrome on Windows", "Toronto, ON (estimated)", "borealis"),
            new("tberg", "Tom Berg", ErpRoles.User, "Sales", "172.16.4.22", "Firefox on Windows", "Ottawa, ON (estimated)", "borealis"),
        ],
        [
            Customer("CUST-20001", "Northwind Traders", 12_000m, "Net 30", "+1 416 555 0190"),
            Customer("CUST-20002", "Fjord Foods", 8_000m, "Net 30", "+47 22 55 01 23"),
            Customer("CUST-20003", "Aurora Outfitters", 30_000m, "Net 45", "+1 613 555 0155"),
        ],
        [
            Product("PRD-200", "Arctic Parka", "AP-XL", 249.00m, 140),
            Product("PRD-201", "Thermal Flask", "TF-1L", 29.00m, 900),
            Product("PRD-202", "Snow Boots", "SB-44", 129.00m, 260),
        ],
        ["Web", "Database"]);

    public static IReadOnlyList<ErpTenant> All => [Angage, Borealis];

    public ErpPerson Person(string id) => People.First(p => p.Id == id);

    private static Customer Customer(string id, string name, decimal creditLimit, string terms, string phone) =>
        new() { Id = id, Name = name, CreditLimit = creditLimit, PaymentTerms = terms, Phone = phone, Email = $"accounts@{name.Split(' ')[0].ToLowerInvariant()}.example", Status = "Active" };

    private static Product Product(string id, string name, string sku, decimal price, int stock) =>
        new() { Id = id, Name = name, Sku = sku, UnitPrice = price, Stock = stock };
}
