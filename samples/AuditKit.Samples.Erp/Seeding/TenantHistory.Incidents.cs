namespace AuditKit.Samples.Erp.Seeding;

/// <summary>
/// The month's notable moments, each on a fixed day before the anchor: failed logins and a lockout, a night login,
/// role grants and a permission change, an API key, a large export, password and 2FA changes, a settings change, a
/// deleted product, and the product page's credit limit change with its approval request and notification.
/// </summary>
internal sealed partial class TenantHistory
{
    private void Incidents(DateTimeOffset day, int daysAgo)
    {
        if (_tenant.Id == ErpTenant.Angage.Id)
        {
            AngageIncidents(day, daysAgo);
        }
        else
        {
            BorealisIncidents(day, daysAgo);
        }

        // Every Friday the sales lead exports the week's orders.
        if (day.DayOfWeek == DayOfWeek.Friday)
        {
            var sales = _tenant.People[1];
            Add(AuditEvents.Export("Order", 40 + _random.Next(260), "xlsx"), day.AddHours(16), sales, NewSession());
        }
    }

    private void AngageIncidents(DateTimeOffset day, int daysAgo)
    {
        var sarah = _tenant.Person("sjohnson");
        var john = _tenant.Person("jsmith");
        var mike = _tenant.Person("mwilson");
        var lisa = _tenant.Person("ltaylor");
        switch (daysAgo)
        {
            case 22:
                Add(AuditEvents.Import("Customer", 120), day.AddHours(9).AddMinutes(40), lisa, NewSession());
                break;
            case 20:
                Add(AuditEvents.LoginFailed(john.Actor, 1, 5), day.AddHours(7).AddMinutes(55), john, null);
                Add(AuditEvents.LoginFailed(john.Actor, 2, 5), day.AddHours(7).AddMinutes(56), john, null);
                Add(AuditEvents.PasswordReset(john.Actor) with { Actor = sarah.Actor }, day.AddHours(7).AddMinutes(58), sarah, NewSession());
                break;
            case 16:
                DeleteProduct(sarah, day.AddHours(11).AddMinutes(20), "PRD-105");
                break;
            case 15:
                Add(AuditEvents.PasswordChanged(lisa.Actor), day.AddHours(9).AddMinutes(12), lisa, NewSession());
                break;
            case 14:
                Add(AuditEvents.TwoFactorEnabled(lisa.Actor), day.AddHours(9).AddMinutes(20), lisa, NewSession());
                break;
            case 12:
                Add(AuditEvents.LoginFailed(mike.Actor, 1, 5), day.AddHours(7).AddMinutes(58), mike, null);
                break;
            case 9:
                var admin = NewSession();
                Add(AuditEvents.RoleGranted(lisa.Id, lisa.Name, "Administrator", administrative: true), day.AddHours(10).AddMinutes(15), sarah, admin);
                Add(AuditEvents.PermissionChanged("Role", "sales-manager", "Sales Manager",
                    [new FieldChange("Permissions", "Orders: edit", "Orders: edit, approve", DisplayName: "Permissions")]), day.AddHours(10).AddMinutes(18), sarah, admin);
                break;
            case 5:
                Add(AuditEvents.SettingsChanged("Event Configuration",
                    [new FieldChange("Views.Product", "true", "false", DisplayName: "Products - log views")]), day.AddHours(11), sarah, NewSession());
                break;
            case 3:
                // An unknown client guesses Bob Morrison's password from abroad until the account locks.
                var bob = new AuditActor("bmorrison", "Bob Morrison", "bmorrison@angage.example");
                var attacker = new AuditClient("45.67.89.123", "Unknown (estimated)", "curl/8.5.0", "Other browser on Other OS");
                for (var attempt = 1; attempt <= 5; attempt++)
                {
                    Add(AuditEvents.LoginFailed(bob, attempt, 5) with { Client = attacker }, day.AddHours(21).AddMinutes(40 + attempt), null, null);
                }

                Add(AuditEvents.AccountLocked(bob, "5 failed logins from 45.67.89.123") with { Client = attacker }, day.AddHours(21).AddMinutes(45).AddSeconds(30), null, null);
                break;
            case 2:
                CreditLimitChange(john, day.AddHours(10).AddMinutes(45).AddSeconds(32));
                Add(AuditEvents.ApiKeyCreated("key-prod-7", "New production key"), day.AddHours(14).AddMinutes(5), sarah, NewSession());

                // Mike signs in late at night from home.
                var night = NewSession();
                var home = mike with { Ip = "73.12.44.201", Device = "Safari on iPhone" };
                Add(AuditEvents.Login(), day.AddHours(23).AddMinutes(40), home, night);
                if (Orders.Count > 0)
                {
                    Add(AuditEvents.Viewed("Order", Orders[^1].Id, Orders[^1].Id), day.AddHours(23).AddMinutes(44), home, night);
                }

                Add(AuditEvents.Logout(), day.AddHours(23).AddMinutes(58), home, night);
                break;
            case 1:
                Add(AuditEvents.Export("Customer", 5000, "csv"), day.AddHours(16).AddMinutes(20), sarah, NewSession());
                break;
        }
    }

    private void BorealisIncidents(DateTimeOffset day, int daysAgo)
    {
        var olivia = _tenant.Person("ochen");
        var tom = _tenant.Person("tberg");
        switch (daysAgo)
        {
            case 10:
                Add(AuditEvents.RoleGranted(tom.Id, tom.Name, "Sales Lead"), day.AddHours(9).AddMinutes(5), olivia, NewSession());
                break;
            case 7:
                Add(AuditEvents.LoginFailed(tom.Actor, 1, 5), day.AddHours(7).AddMinutes(50), tom, null);
                Add(AuditEvents.LoginFailed(tom.Actor, 2, 5), day.AddHours(7).AddMinutes(51), tom, null);
                break;
            case 4:
                Add(AuditEvents.Export("Customer", 1200, "csv"), day.AddHours(15).AddMinutes(30), olivia, NewSession());
                break;
        }
    }

    // The product page's entry: John raises Acme's credit limit and terms; an approval request and a manager
    // notification follow in the same correlation, so the entry's detail shows them as related events.
    private void CreditLimitChange(ErpPerson john, DateTimeOffset at)
    {
        if (at >= _anchor || _tenant.Customers.FirstOrDefault(c => c.Id == "CUST-10001") is not { } acme)
        {
            return;
        }

        var session = NewSession();
        var correlation = "corr-credit-" + session[5..17];
        var before = acme.Clone();
        acme.CreditLimit = 15_000m;
        acme.PaymentTerms = "Net 45";
        Change(john, session, at, "Customer", acme.Id, acme.Name, before, acme, "Credit limit change", correlation);
        Add(new AuditEvent(AuditCategory.UserAction, "ApprovalRequested")
        {
            Message = "Approval request created",
            Target = new AuditTarget("Approval", "APR-" + at.Year + "-0042", $"Credit limit {acme.Name}"),
        }, at.AddSeconds(3), john, session, correlation);
        Add(new AuditEvent(AuditCategory.System, "NotificationSent")
        {
            Actor = AuditActor.System,
            Message = "Manager notification sent",
            Target = new AuditTarget("Notification", Component: "Notifications"),
        }, at.AddSeconds(4), null, null, correlation);
    }

    private void DeleteProduct(ErpPerson admin, DateTimeOffset at, string productId)
    {
        if (at >= _anchor || _tenant.Products.FirstOrDefault(p => p.Id == productId) is not { } product)
        {
            return;
        }

        _deletedProducts.Add(product.Id);
        Change<Data.Product>(admin, NewSession(), at, "Product", product.Id, product.Name, product, null, "Product discontinued");
    }
}
