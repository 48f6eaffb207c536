using System.Globalization;
using AuditKit.Samples.Erp.Data;

namespace AuditKit.Samples.Erp.Seeding;

/// <summary>
/// One tenant's month, day by day: the records as they change and the events that tell it. Events at or after the
/// anchor are not planned (today's history stops at the moment of seeding).
/// </summary>
internal sealed partial class TenantHistory
{
    private static readonly AuditActor ApiClient = new("api-main", "API (Main)", Kind: ActorKind.ApiClient);
    private static readonly AuditClient ApiEndpoint = new("203.0.113.40", "Frankfurt, HE (estimated)", "python-requests/2.32", "Other browser on Other OS");

    private readonly ErpTenant _tenant;
    private readonly DateTimeOffset _anchor;
    private readonly IChangeDetector _changes;
    private readonly Random _random;
    private int _nextOrder;
    private int _nextInvoice;

    public TenantHistory(ErpTenant tenant, DateTimeOffset anchor, IChangeDetector changes, int seed, int orderBase)
    {
        _tenant = tenant;
        _anchor = anchor;
        _changes = changes;
        _random = new Random(seed);
        _nextOrder = orderBase;
        _nextInvoice = orderBase;
        foreach (var customer in tenant.Customers)
        {
            customer.TenantId = tenant.Id;
        }

        foreach (var product in tenant.Products)
        {
            product.TenantId = tenant.Id;
        }
    }

    public List<AuditEvent> Events { get; } = [];

    public IReadOnlyList<Customer> Customers => _tenant.Customers;

    public IReadOnlyList<Product> Products => [.. _tenant.Products.Where(p => !_deletedProducts.Contains(p.Id))];

    public List<Order> Orders { get; } = [];

    public List<Invoice> Invoices { get; } = [];

    private readonly HashSet<string> _deletedProducts = [];

    public void PlanDay(DateTimeOffset day, int daysAgo)
    {
        if (daysAgo == HistoryPlan.Days)
        {
            Opening(day);
        }

        SystemDay(day, daysAgo);
        if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
        {
            foreach (var person in _tenant.People)
            {
                if (person.Role == ErpRoles.Auditor)
                {
                    AuditorDay(person, day);
                }
                else
                {
                    WorkDay(person, day);
                }
            }

            ApiDay(day, daysAgo);
        }

        Incidents(day, daysAgo);
    }

    // The records the month starts from: created by the administrator on the first morning.
    private void Opening(DateTimeOffset day)
    {
        var admin = _tenant.People[0];
        var session = NewSession();
        var at = day.AddHours(7).AddMinutes(30);
        Add(AuditEvents.Login(), at, admin, session);
        foreach (var customer in _tenant.Customers)
        {
            at = at.AddSeconds(40 + _random.Next(60));
            Change(admin, session, at, "Customer", customer.Id, customer.Name, null, customer);
        }

        foreach (var product in _tenant.Products)
        {
            at = at.AddSeconds(30 + _random.Next(60));
            Change(admin, session, at, "Product", product.Id, product.Name, null, product);
        }

        Add(AuditEvents.Logout(), at.AddMinutes(5), admin, session);
    }

    /// <summary>Adds an event as it happened: its time, the tenant, and the person's actor and client unless the event names its own.</summary>
    private void Add(AuditEvent e, DateTimeOffset at, ErpPerson? person, string? session, string? correlationId = null)
    {
        if (at >= _anchor)
        {
            return;
        }

        Events.Add(e with
        {
            Timestamp = at,
            TenantId = _tenant.Id,
            Actor = e.Actor ?? person?.Actor ?? AuditActor.System,
            Client = e.Client ?? (person is null ? null : new AuditClient(person.Ip, person.Location, Device: person.Device, SessionId: session)),
            CorrelationId = correlationId ?? e.CorrelationId,
        });
    }

    /// <summary>A Create (before null), Update or Delete (after null) with the field changes AuditKit's detector finds.</summary>
    private void Change<T>(ErpPerson person, string session, DateTimeOffset at, string entityType, string id, string name, T? before, T? after, string? message = null, string? correlationId = null)
        where T : class
    {
        var changes = _changes.Compare(before, after);
        var e = (before, after) switch
        {
            (null, _) => AuditEvents.Created(entityType, id, name, changes),
            (_, null) => AuditEvents.Deleted(entityType, id, name, changes),
            _ => AuditEvents.Updated(entityType, id, name, changes),
        };
        Add(message is null ? e : e with { Message = message }, at, person, session, correlationId);
    }

    private string NewSession() => "sess_" + Convert.ToHexStringLower(BitConverter.GetBytes(_random.NextInt64())) + Convert.ToHexStringLower(BitConverter.GetBytes(_random.NextInt64()));

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private static string Money(decimal value) => value.ToString("C", CultureInfo.GetCultureInfo("en-US"));
}
