using AuditKit.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using IHost = Microsoft.Extensions.Hosting.IHost;

namespace AuditKit.Benchmarks.Support;

/// <summary>
/// Issue 22's consumer: a host from <c>Host.CreateApplicationBuilder()</c>, the README's registration, a
/// <see cref="CustomerDbContext"/> resolved from a scope, 100 tracked customers (logging providers cleared); an audited
/// save runs inside a request's <see cref="AuditContext"/> (user, browser client, correlation id).
/// </summary>
internal sealed record ConsumerCase(CustomerDbContext Db, List<Customer> Customers, IAuditLog? Log, IAuditContextAccessor? Context = null)
{
    // The request a save runs in, as AuditKit's ASP.NET Core middleware would set it: a user with e-mail and role, a
    // browser client with a real user agent, a correlation id. Every audited event of the save inherits it.
    private static readonly AuditActor User = new("u-1042", "Maria Keller", "maria.keller@acme-erp.example.com", "Finance Manager");
    private static readonly AuditClient Browser = new("203.0.113.42", "Berlin, DE", RealisticEvents.UserAgent, "Edge on Windows", "sess_5f2c9a71d04be318");

    /// <summary>A host and a context of the consumer's shape on files in <paramref name="folder"/>, with 100 customers stored; <paramref name="db"/> adds to an audited context's options.</summary>
    public static ConsumerCase Open(string folder, string name, bool audited, List<IHost> hosts, List<IServiceScope> scopes, Action<EntityAuditOptions>? ef = null, Action<SqliteAuditStoreOptions>? store = null, Action<DbContextOptionsBuilder>? db = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        var erp = $"Data Source={Path.Combine(folder, name + ".db")}";
        if (audited)
        {
            builder.Services.AddAuditKit(audit => audit.UseSqlite($"Data Source={Path.Combine(folder, name + "-audit.db")}", store).AddEntityFramework(ef));
            builder.Services.AddDbContext<CustomerDbContext>((sp, options) =>
            {
                options.UseSqlite(erp).AddAuditKitInterceptors(sp);
                db?.Invoke(options);
            });
        }
        else
        {
            builder.Services.AddDbContext<CustomerDbContext>(db => db.UseSqlite(erp));
        }

        var host = builder.Build();
        host.StartAsync().GetAwaiter().GetResult();
        hosts.Add(host);
        var scope = host.Services.CreateScope();
        scopes.Add(scope);
        var context = scope.ServiceProvider.GetRequiredService<CustomerDbContext>();
        context.Database.EnsureCreated();
        context.Customers.AddRange(Enumerable.Range(1, 100).Select(i => new Customer
        {
            Name = "Customer " + i,
            CreditLimit = 1_000m * i,
            PaymentTerms = "NET30",
            Status = "Active",
            City = i % 2 == 0 ? "Berlin" : "Hamburg",
        }));
        context.SaveChanges();
        return new ConsumerCase(context, context.Customers.ToList(), audited ? host.Services.GetRequiredService<IAuditLog>() : null, audited ? host.Services.GetRequiredService<IAuditContextAccessor>() : null);
    }

    private static readonly string[] Statuses = ["Active", "OnHold", "Blocked"];

    private int _saves;

    /// <summary>
    /// Changes the credit limit (by <paramref name="round"/>) and the status (to the next of three, so two saves in a row
    /// always change both fields) of every customer and saves once.
    /// </summary>
    public int ModifyAndSave(int round)
    {
        var status = Statuses[_saves++ % Statuses.Length];
        foreach (var customer in Customers)
        {
            customer.CreditLimit = 1_000m + round + customer.Id;
            customer.Status = status;
        }

        using var request = Context?.BeginScope(new AuditContext(User, Browser, CorrelationId: "req-" + round.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return Db.SaveChanges();
    }
}

/// <summary>A consumer's customer, as in issue 22.</summary>
public sealed class Customer
{
    public int Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public decimal CreditLimit { get; set; }

    public string PaymentTerms { get; set; } = string.Empty;

    public string Status { get; set; } = string.Empty;

    public string City { get; set; } = string.Empty;
}

public sealed class CustomerDbContext(DbContextOptions<CustomerDbContext> options) : DbContext(options)
{
    public DbSet<Customer> Customers => Set<Customer>();
}
