namespace AuditKit.Samples.Console;

/// <summary>Simulates one working day of an ERP: sign-ins, record changes with field values, exports, jobs.</summary>
internal sealed class ErpDay(IAuditLog log, IAuditContextAccessor context, IChangeDetector changes, DateTimeOffset now)
{
    private static readonly (AuditActor Actor, string Ip, string Device)[] People =
    [
        (new AuditActor("jsmith", "John Smith", "john.smith@angage.example", "Sales Manager"), "192.168.1.105", "Chrome on Windows"),
        (new AuditActor("sjones", "Sarah Jones", "sarah.jones@angage.example", "Order Desk"), "192.168.1.122", "Edge on Windows"),
        (new AuditActor("mwilson", "Mike Wilson", "mike.wilson@angage.example", "Warehouse"), "192.168.1.140", "Safari on iPad"),
        (new AuditActor("ltaylor", "Lisa Taylor", "lisa.taylor@angage.example", "Accountant"), "192.168.1.151", "Firefox on Linux"),
        (new AuditActor("admin", "Admin", "it@angage.example", "Administrator"), "10.0.0.7", "Chrome on macOS"),
    ];

    private static readonly string[] Customers = ["Acme Corporation", "Globex", "Initech", "Umbrella Ltd", "Stark Supplies", "Wayne Retail"];
    private static readonly string[] Products = ["Steel Bolt M8", "Copper Wire 2mm", "Hydraulic Pump", "Safety Gloves", "LED Panel"];

    private readonly Random _random = new(2026);

    public DateTimeOffset Start { get; } = new(now.UtcDateTime.Date, TimeSpan.Zero);

    public DateTimeOffset End => Start.AddDays(1);

    public async Task<int> RecordAsync()
    {
        var count = 0;
        var workdayStart = Start.AddHours(7);
        var minutes = Math.Max(60, Math.Min(11 * 60, (int)(now - workdayStart).TotalMinutes));

        count += System(workdayStart.AddHours(-2), AuditEvents.JobExecuted("Scheduled Backup", "Database", duration: TimeSpan.FromMinutes(4)));
        count += System(workdayStart.AddHours(-1), AuditEvents.JobExecuted("Currency Rate Update", "Finance"));
        count += System(workdayStart.AddMinutes(-30), AuditEvents.IntegrationSync("Shopify", 214));

        // Mike mistypes his password three times before signing in; an unknown IP tries five times and is locked out.
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            count += await AtAsync(People[2], workdayStart.AddMinutes(attempt), AuditEvents.LoginFailed(null, attempt, 5));
        }

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            using var scope = context.BeginScope(new AuditContext(new AuditActor("unknown", "Unknown"), new AuditClient("45.67.89.123", "Unknown (estimated)", Device: "curl")));
            log.Record(AuditEvents.LoginFailed(null, attempt, 5) with { Timestamp = workdayStart.AddMinutes(10 + attempt) });
            count++;
        }

        count += System(workdayStart.AddMinutes(16), AuditEvents.AccountLocked(new AuditActor("bmorrison", "Bob Morrison"), "5 failed logins from 45.67.89.123"));

        foreach (var person in People)
        {
            count += await AtAsync(person, workdayStart.AddMinutes(_random.Next(5, 40)), AuditEvents.Login());
        }

        for (var minute = 40; minute < minutes; minute += _random.Next(1, 4))
        {
            var person = People[_random.Next(People.Length - 1)];
            var at = workdayStart.AddMinutes(minute).AddSeconds(_random.Next(60));
            count += await AtAsync(person, at, NextBusinessEvent(person.Actor));
        }

        count += await AtAsync(People[0], workdayStart.AddHours(1).AddMinutes(30), AuditEvents.Updated("Customer", "CUST-12345", "Acme Corporation",
            [new FieldChange("Phone", "+1 212 555 0100", "+1 212 555 0142", DisplayName: "Phone")]));

        // The product page's entry: John raises Acme's credit limit, which creates an approval request and a notification.
        var credit = workdayStart.AddHours(3).AddMinutes(45).AddSeconds(32);
        using (context.BeginScope(Scope(People[0], "req-credit-acme")))
        {
            var before = new Customer("CUST-12345", "Acme Corporation", 10_000.00m, "Net 30", "Active") { BankAccount = "DE89 3704 0044 0532 0130 00", InternalNotes = "call before shipping" };
            var after = before with { CreditLimit = 15_000.00m, PaymentTerms = "Net 45", InternalNotes = "approved by CFO" };
            await log.RecordAsync(AuditEvents.Updated("Customer", after.Id, after.Name, changes.Compare(before, after)) with { Timestamp = credit, Message = "Credit limit change" });
            await log.RecordAsync(new AuditEvent(AuditCategory.UserAction, "ApprovalRequested") { Timestamp = credit.AddSeconds(3), Message = "Approval request created", Target = new AuditTarget("Approval", "APR-2026-0042", "Credit limit Acme Corporation") });
            await log.RecordAsync(new AuditEvent(AuditCategory.System, "NotificationSent") { Timestamp = credit.AddSeconds(4), Actor = AuditActor.System, Message = "Manager notification sent", Target = new AuditTarget("Notification", Component: "Notifications") });
            count += 3;
        }

        count += await AtAsync(People[4], workdayStart.AddHours(4), AuditEvents.Export("Customer", 5000, "csv"));
        count += await AtAsync(People[4], workdayStart.AddHours(4).AddMinutes(5), AuditEvents.ApiKeyCreated("key-prod-7", "New production key"));
        count += await AtAsync(People[4], workdayStart.AddHours(4).AddMinutes(7), AuditEvents.RoleGranted("ltaylor", "Lisa Taylor", "Administrator", administrative: true));
        count += System(workdayStart.AddHours(9), AuditEvents.JobExecuted("Daily Reconciliation", "Finance", AuditOutcome.Warning));

        foreach (var person in People)
        {
            count += await AtAsync(person, workdayStart.AddMinutes(minutes + _random.Next(1, 30)), AuditEvents.Logout());
        }

        await log.FlushAsync();
        return count;
    }

    private AuditEvent NextBusinessEvent(AuditActor actor)
    {
        var customer = _random.Next(Customers.Length);
        var order = _random.Next(800, 999);
        return _random.Next(10) switch
        {
            0 or 1 => AuditEvents.Viewed("Customer", $"CUST-{12345 + customer}", Customers[customer]),
            2 => AuditEvents.Viewed("Order", $"SO-2026-0{order}", $"Order {order} for {Customers[customer]}"),
            3 => AuditEvents.Created("Order", $"SO-2026-0{order}", $"Order {order} for {Customers[customer]}",
                [new FieldChange("Customer", null, Customers[customer], FieldChangeKind.Added), new FieldChange("Total", null, $"${_random.Next(100, 9000)}.00", FieldChangeKind.Added)]),
            4 or 5 => AuditEvents.Updated("Order", $"SO-2026-0{order}", $"Order {order}",
                [new FieldChange("Status", "Draft", "Confirmed", DisplayName: "Status"), new FieldChange("ShipDate", "2026-01-25", "2026-01-27", DisplayName: "Ship Date")]),
            6 => AuditEvents.Updated("Product", $"PRD-{_random.Next(100, 140)}", Products[_random.Next(Products.Length)],
                [new FieldChange("UnitPrice", $"${_random.Next(5, 50)}.00", $"${_random.Next(5, 50)}.50", DisplayName: "Unit Price")]),
            7 => AuditEvents.Updated("Customer", $"CUST-{12345 + customer}", Customers[customer],
                [new FieldChange("Phone", "+1 212 555 0100", "+1 212 555 0199", DisplayName: "Phone")]),
            8 => AuditEvents.Export("Order", _random.Next(10, 400), "xlsx"),
            _ => new AuditEvent(AuditCategory.UserAction, AuditActions.ReportGenerated) { Message = "Sales by region", Target = new AuditTarget("Report", "RPT-SALES-REGION", "Sales by region", "Reports") },
        };
    }

    private async Task<int> AtAsync((AuditActor Actor, string Ip, string Device) person, DateTimeOffset at, AuditEvent e)
    {
        using var scope = context.BeginScope(Scope(person, null));
        await log.RecordAsync(e with { Timestamp = at }, AuditDurability.Enqueued);
        return 1;
    }

    private int System(DateTimeOffset at, AuditEvent e)
    {
        log.Record(e with { Timestamp = at });
        return 1;
    }

    private static AuditContext Scope((AuditActor Actor, string Ip, string Device) person, string? correlation) =>
        new(person.Actor, new AuditClient(person.Ip, "New York, NY (estimated)", Device: person.Device, SessionId: $"sess_{person.Actor.Id}"), CorrelationId: correlation);
}
