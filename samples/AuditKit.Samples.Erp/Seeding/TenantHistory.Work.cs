using AuditKit.Samples.Erp.Data;

namespace AuditKit.Samples.Erp.Seeding;

/// <summary>The people's working days: a login, business actions on the records of their job, a logout.</summary>
internal sealed partial class TenantHistory
{
    private void WorkDay(ErpPerson person, DateTimeOffset day)
    {
        var session = NewSession();
        var login = day.AddHours(8).AddMinutes(_random.Next(0, 50)).AddSeconds(_random.Next(60));
        var logout = day.AddHours(17).AddMinutes(_random.Next(0, 60));
        if (_random.Next(12) == 0)
        {
            // A mistyped password first, now and then (a single failure, never a lockout).
            Add(AuditEvents.LoginFailed(person.Actor, 1, 5), login.AddSeconds(-40), person, null);
        }

        Add(AuditEvents.Login(), login, person, session);
        var actions = _random.Next(12, 31);
        var span = (logout - login).TotalSeconds - 600;
        var times = Enumerable.Range(0, actions).Select(_ => login.AddSeconds(300 + _random.NextDouble() * span)).Order().ToList();
        foreach (var at in times)
        {
            BusinessAction(person, session, at);
        }

        Add(AuditEvents.Logout(), logout, person, session);
    }

    // The auditor looks at records every working day and writes a report on Tuesdays and Thursdays.
    private void AuditorDay(ErpPerson person, DateTimeOffset day)
    {
        var session = NewSession();
        var at = day.AddHours(10).AddMinutes(_random.Next(30));
        Add(AuditEvents.Login(), at, person, session);
        for (var i = _random.Next(3, 9); i > 0; i--)
        {
            at = at.AddMinutes(_random.Next(3, 15));
            var customer = Pick(Customers);
            Add(AuditEvents.Viewed("Customer", customer.Id, customer.Name), at, person, session);
        }

        if (day.DayOfWeek is DayOfWeek.Tuesday or DayOfWeek.Thursday)
        {
            Add(AuditEvents.ReportGenerated("Data Change Report", _random.Next(200, 900), "pdf"), at.AddMinutes(7), person, session);
        }

        Add(AuditEvents.Logout(), at.AddMinutes(40), person, session);
    }

    private void BusinessAction(ErpPerson person, string session, DateTimeOffset at)
    {
        if (at >= _anchor)
        {
            return; // after the moment of seeding: the records stay as the history left them
        }

        var roll = _random.Next(10);
        switch (person.Title)
        {
            case "Sales Manager" or "Sales":
                if (roll < 3) ViewCustomer(person, session, at);
                else if (roll < 5) UpdateCustomer(person, session, at);
                else if (roll < 8) CreateOrder(person, session, at);
                else AdvanceOrder(person, session, at, "Draft", "Confirmed");
                break;
            case "Warehouse":
                if (roll < 4) UpdateStock(person, session, at);
                else if (roll < 8) AdvanceOrder(person, session, at, "Confirmed", "Shipped");
                else ViewOrder(person, session, at);
                break;
            case "Accountant":
                if (roll < 4) CreateInvoice(person, session, at);
                else if (roll < 7) PayInvoice(person, session, at);
                else ViewInvoice(person, session, at);
                break;
            default:
                if (roll < 3) UpdatePrice(person, session, at);
                else if (roll < 5) ViewCustomer(person, session, at);
                else if (roll < 7) CreateOrder(person, session, at);
                else ViewOrder(person, session, at);
                break;
        }
    }

    private void ViewCustomer(ErpPerson person, string session, DateTimeOffset at)
    {
        var customer = Pick(Customers);
        Add(AuditEvents.Viewed("Customer", customer.Id, customer.Name), at, person, session);
    }

    private void UpdateCustomer(ErpPerson person, string session, DateTimeOffset at)
    {
        // Acme's credit limit is the product page's story (an incident of its own); others move freely.
        var customer = Pick(Customers);
        var before = customer.Clone();
        switch (_random.Next(3))
        {
            case 0 when customer.Id != "CUST-10001":
                customer.CreditLimit += 2_500m * _random.Next(1, 5);
                break;
            case 1:
                customer.PaymentTerms = Pick<string>(["Net 15", "Net 30", "Net 45", "Net 60"]);
                break;
            default:
                customer.Phone = $"{customer.Phone?[..^4]}{_random.Next(1000, 9999)}";
                break;
        }

        Change(person, session, at, "Customer", customer.Id, customer.Name, before, customer);
    }

    private void CreateOrder(ErpPerson person, string session, DateTimeOffset at)
    {
        var customer = Pick(Customers);
        var product = Pick(Products);
        var quantity = _random.Next(1, 40);
        var order = new Order
        {
            Id = $"SO-{at.Year}-{_nextOrder++:D4}",
            TenantId = _tenant.Id,
            CustomerId = customer.Id,
            ProductId = product.Id,
            Quantity = quantity,
            Total = product.UnitPrice * quantity,
            Status = "Draft",
            OrderDate = DateOnly.FromDateTime(at.UtcDateTime),
        };
        Orders.Add(order);

        Change(person, session, at, "Order", order.Id, order.Id, null, order);
    }

    private void AdvanceOrder(ErpPerson person, string session, DateTimeOffset at, string from, string to)
    {
        if (Orders.FirstOrDefault(o => o.Status == from) is not { } order)
        {
            ViewOrder(person, session, at);
            return;
        }

        var before = order.Clone();
        order.Status = to;
        Change(person, session, at, "Order", order.Id, order.Id, before, order);
    }

    private void ViewOrder(ErpPerson person, string session, DateTimeOffset at)
    {
        if (Orders.Count == 0)
        {
            ViewCustomer(person, session, at);
            return;
        }

        var order = Pick(Orders);
        Add(AuditEvents.Viewed("Order", order.Id, order.Id), at, person, session);
    }

    private void UpdateStock(ErpPerson person, string session, DateTimeOffset at)
    {
        var product = Pick(Products);
        var before = product.Clone();
        product.Stock = Math.Max(0, product.Stock + _random.Next(-40, 120));
        Change(person, session, at, "Product", product.Id, product.Name, before, product);
    }

    private void UpdatePrice(ErpPerson person, string session, DateTimeOffset at)
    {
        var product = Pick(Products);
        var before = product.Clone();
        product.UnitPrice = Math.Round(product.UnitPrice * (1m + _random.Next(-5, 9) / 100m), 2);
        Change(person, session, at, "Product", product.Id, product.Name, before, product);
    }

    private void CreateInvoice(ErpPerson person, string session, DateTimeOffset at)
    {
        if (Orders.FirstOrDefault(o => o.Status == "Shipped" && Invoices.All(i => i.OrderId != o.Id)) is not { } order)
        {
            ViewInvoice(person, session, at);
            return;
        }

        var invoice = new Invoice
        {
            Id = $"INV-{at.Year}-{_nextInvoice++:D4}",
            TenantId = _tenant.Id,
            OrderId = order.Id,
            CustomerId = order.CustomerId,
            Amount = order.Total,
            DueDate = DateOnly.FromDateTime(at.UtcDateTime).AddDays(30),
            Status = "Open",
        };
        Invoices.Add(invoice);

        Change(person, session, at, "Invoice", invoice.Id, invoice.Id, null, invoice);
    }

    private void PayInvoice(ErpPerson person, string session, DateTimeOffset at)
    {
        if (Invoices.FirstOrDefault(i => i.Status == "Open") is not { } invoice)
        {
            ViewInvoice(person, session, at);
            return;
        }

        var before = invoice.Clone();
        invoice.Status = "Paid";
        Change(person, session, at, "Invoice", invoice.Id, invoice.Id, before, invoice);
    }

    private void ViewInvoice(ErpPerson person, string session, DateTimeOffset at)
    {
        if (Invoices.Count == 0)
        {
            ViewOrder(person, session, at);
            return;
        }

        var invoice = Pick(Invoices);
        Add(AuditEvents.Viewed("Invoice", invoice.Id, invoice.Id), at, person, session);
    }
}
