// AuditKit web ERP sample: customers, products, orders and invoices on EF Core + SQLite, cookie sign-in with seeded
// users of two tenants, every change and sign-in audited, and AuditKit's audit API under /audit. The first start
// records a month of realistic history into data/audit.db. See README.md beside this file.
using AuditKit.Samples.Erp;

var app = ErpApplication.Build(args);
var seeded = await ErpApplication.StartAsync(app);
Console.WriteLine($"AuditKit ERP sample listening on {string.Join(", ", app.Urls)}");
Console.WriteLine(seeded is null
    ? "History seeding is off (Erp:Seed=false)."
    : $"Audit history: {seeded.EventCount:N0} seeded events up to {seeded.Anchor:u}. Sign in as sjohnson / erp-demo (admin) or see the sign-in page.");
await app.WaitForShutdownAsync();
