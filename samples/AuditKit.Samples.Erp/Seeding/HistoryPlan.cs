using AuditKit.Samples.Erp.Data;

namespace AuditKit.Samples.Erp.Seeding;

/// <summary>
/// A month of ERP history for both tenants, planned from a fixed random seed: the audit events (with their original
/// timestamps, tenants, actors and clients) and the records they leave behind (customers, products, orders, invoices
/// in their final state). The same anchor gives the same plan, so a test can rebuild it and compare with the store.
/// </summary>
internal sealed class HistoryPlan
{
    /// <summary>How many days before the anchor's day the history starts.</summary>
    public const int Days = 30;

    /// <summary>How many days before the anchor's day heartbeats (one per <see cref="HeartbeatInterval"/> and component) start.</summary>
    public const int HeartbeatDays = 1;

    /// <summary>How often each component beats, in the history and in the running sample (<c>HeartbeatService</c>); the audit API's System Health reads them at this interval.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromMinutes(5);

    private HistoryPlan(DateTimeOffset anchor, List<AuditEvent> events, List<TenantHistory> tenants)
    {
        Anchor = anchor;
        Events = events;
        Customers = [.. tenants.SelectMany(t => t.Customers)];
        Products = [.. tenants.SelectMany(t => t.Products)];
        Orders = [.. tenants.SelectMany(t => t.Orders)];
        Invoices = [.. tenants.SelectMany(t => t.Invoices)];
    }

    /// <summary>The end of the history (exclusive): the moment seeding ran, to the second.</summary>
    public DateTimeOffset Anchor { get; }

    /// <summary>The start of the history: midnight UTC, <see cref="Days"/> days before the anchor's day.</summary>
    public DateTimeOffset From => StartOfDay(Anchor).AddDays(-Days);

    /// <summary>Every planned event in time order.</summary>
    public IReadOnlyList<AuditEvent> Events { get; }

    public IReadOnlyList<Customer> Customers { get; }

    public IReadOnlyList<Product> Products { get; }

    public IReadOnlyList<Order> Orders { get; }

    public IReadOnlyList<Invoice> Invoices { get; }

    /// <summary>Plans the month before <paramref name="anchor"/>; <paramref name="changes"/> computes the field changes of record events.</summary>
    public static HistoryPlan Build(DateTimeOffset anchor, IChangeDetector changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        anchor = new DateTimeOffset(anchor.UtcTicks - anchor.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var tenants = new List<TenantHistory>
        {
            new(ErpTenant.Angage, anchor, changes, seed: 2026, orderBase: 1),
            new(ErpTenant.Borealis, anchor, changes, seed: 2027, orderBase: 5001),
        };
        var today = StartOfDay(anchor);
        for (var daysAgo = Days; daysAgo >= 0; daysAgo--)
        {
            foreach (var tenant in tenants)
            {
                tenant.PlanDay(today.AddDays(-daysAgo), daysAgo);
            }
        }

        var events = tenants.SelectMany(t => t.Events).OrderBy(e => e.Timestamp).ToList();
        return new HistoryPlan(anchor, events, tenants);
    }

    private static DateTimeOffset StartOfDay(DateTimeOffset at) => new(at.UtcDateTime.Date, TimeSpan.Zero);
}
