using AuditKit.Samples.Erp.Data;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;

namespace AuditKit.Samples.Erp.Web;

/// <summary>The four kinds of records and their fields: customers, products, orders and invoices.</summary>
internal static class ErpPages
{
    private static readonly string[] CustomerStatuses = ["Active", "On Hold", "Closed"];
    private static readonly string[] OrderStatuses = ["Draft", "Confirmed", "Shipped", "Cancelled"];
    private static readonly string[] InvoiceStatuses = ["Open", "Paid", "Void"];

    public static void Map(IEndpointRouteBuilder app)
    {
        Customers.Map(app);
        Products.Map(app);
        Orders.Map(app);
        Invoices.Map(app);
    }

    private static RecordPages<Customer> Customers => new("/customers", "Customers", "customer", "CUST-", db => db.Customers,
    [
        new("Name", "Name", c => c.Name, (c, v) => c.Name = FormValue.Required(v)),
        new("Email", "Email", c => c.Email, (c, v) => c.Email = FormValue.Optional(v)),
        new("Phone", "Phone", c => c.Phone, (c, v) => c.Phone = FormValue.Optional(v, 40)),
        new("CreditLimit", "Credit Limit", c => FormValue.Show(c.CreditLimit), (c, v) => c.CreditLimit = FormValue.Amount(v)),
        new("PaymentTerms", "Payment Terms", c => c.PaymentTerms, (c, v) => c.PaymentTerms = FormValue.Required(v, 40)),
        new("Status", "Status", c => c.Status, (c, v) => c.Status = FormValue.OneOf(v, CustomerStatuses), Choices(CustomerStatuses)),
    ]);

    private static RecordPages<Product> Products => new("/products", "Products", "product", "PRD-", db => db.Products,
    [
        new("Name", "Name", p => p.Name, (p, v) => p.Name = FormValue.Required(v)),
        new("Sku", "SKU", p => p.Sku, (p, v) => p.Sku = FormValue.Required(v, 40)),
        new("UnitPrice", "Unit Price", p => FormValue.Show(p.UnitPrice), (p, v) => p.UnitPrice = FormValue.Amount(v)),
        new("Stock", "Stock", p => FormValue.Show(p.Stock), (p, v) => p.Stock = FormValue.Count(v)),
    ]);

    private static RecordPages<Order> Orders => new("/orders", "Orders", "order", "SO-WEB-", db => db.Orders,
    [
        new("CustomerId", "Customer", o => o.CustomerId, (o, v) => o.CustomerId = FormValue.Required(v), async db =>
            [.. (await db.Customers.AsNoTracking().ToListAsync()).OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => (c.Id, $"{c.Name} ({c.Id})"))]),
        new("ProductId", "Product", o => o.ProductId, (o, v) => o.ProductId = FormValue.Required(v), async db =>
            [.. (await db.Products.AsNoTracking().ToListAsync()).OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => (p.Id, $"{p.Name} ({p.Id})"))]),
        new("Quantity", "Quantity", o => FormValue.Show(o.Quantity), (o, v) => o.Quantity = FormValue.Count(v)),
        new("Status", "Status", o => o.Status, (o, v) => o.Status = FormValue.OneOf(v, OrderStatuses), Choices(OrderStatuses)),
        new("Total", "Total", o => FormValue.Show(o.Total)),
        new("OrderDate", "Order Date", o => o.OrderDate == default ? "" : FormValue.Show(o.OrderDate)),
    ], async (db, order, isNew, services) =>
    {
        var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == order.ProductId)
            ?? throw new FormatException("Product: choose one of your products.");
        if (!await db.Customers.AnyAsync(c => c.Id == order.CustomerId))
        {
            throw new FormatException("Customer: choose one of your customers.");
        }

        order.Total = product.UnitPrice * order.Quantity;
        if (isNew)
        {
            order.OrderDate = DateOnly.FromDateTime(services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        }
    });

    private static RecordPages<Invoice> Invoices => new("/invoices", "Invoices", "invoice", "INV-WEB-", db => db.Invoices,
    [
        new("OrderId", "Order", i => i.OrderId, (i, v) => i.OrderId = FormValue.Required(v), async db =>
            [.. (await db.Orders.AsNoTracking().ToListAsync()).OrderBy(o => o.Id, StringComparer.Ordinal).Select(o => (o.Id, $"{o.Id} ({FormValue.Show(o.Total)})"))]),
        new("DueDate", "Due Date", i => i.DueDate == default ? "" : FormValue.Show(i.DueDate), (i, v) => i.DueDate = FormValue.Date(v)),
        new("Status", "Status", i => i.Status, (i, v) => i.Status = FormValue.OneOf(v, InvoiceStatuses), Choices(InvoiceStatuses)),
        new("CustomerId", "Customer", i => i.CustomerId),
        new("Amount", "Amount", i => FormValue.Show(i.Amount)),
    ], async (db, invoice, _, _) =>
    {
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == invoice.OrderId)
            ?? throw new FormatException("Order: choose one of your orders.");
        invoice.CustomerId = order.CustomerId;
        invoice.Amount = order.Total;
    });

    private static Func<ErpDbContext, Task<IReadOnlyList<(string Value, string Text)>>> Choices(string[] values) =>
        _ => Task.FromResult<IReadOnlyList<(string Value, string Text)>>([.. values.Select(v => (v, v))]);
}
