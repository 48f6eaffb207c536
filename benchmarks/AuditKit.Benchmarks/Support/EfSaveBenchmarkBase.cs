using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using IHost = Microsoft.Extensions.Hosting.IHost;

namespace AuditKit.Benchmarks;

/// <summary>
/// What the SaveChanges benchmarks share: one save per iteration (a 1–3 ms operation, timed alone), 300 warm-up
/// saves so EF Core and AuditKit run fully optimized code, audit hosts with a SQLite audit store, and a context per
/// case holding 100 tracked rows.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(RunStrategy.Monitoring, warmupCount: 300, iterationCount: 300, invocationCount: 1)]
public abstract class EfSaveBenchmarkBase
{
    protected const int Rows = 100;

    private readonly List<IHost> _hosts = [];
    private readonly List<BenchContextSet> _contexts = [];
    private int _round;

    protected string Folder { get; private set; } = null!;

    protected void CreateFolder(string prefix)
    {
        Folder = Path.Combine(Path.GetTempPath(), "auditkit-bench", prefix + "-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    /// <summary>An application host with AuditKit writing to a SQLite file and the EF Core interceptors registered.</summary>
    protected IHost StartAuditHost(string name, Action<EntityAuditOptions> entity)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddAuditKit(a => a.UseSqlite($"Data Source={Path.Combine(Folder, name + ".db")}").AddEntityFramework(entity));
        var host = builder.Build();
        host.StartAsync().GetAwaiter().GetResult();
        _hosts.Add(host);
        return host;
    }

    /// <summary>A context (audited when <paramref name="host"/> is given) over a fresh table of 100 rows, all tracked.</summary>
    protected BenchContextSet Open(IHost? host, Action<DbContextOptionsBuilder> provider)
    {
        var options = new DbContextOptionsBuilder<BenchDbContext>();
        provider(options);
        if (host is not null)
        {
            options.AddAuditKitInterceptors(host.Services);
        }

        var db = new BenchDbContext(options.Options);
        db.Database.EnsureCreated();

        db.Items.AddRange(Enumerable.Range(1, Rows).Select(i => new BenchItem { Sku = "SKU-" + i, Name = "Item", Price = i, Stock = 10 }));
        db.SaveChanges();
        var set = new BenchContextSet(db, db.Items.ToList(), host?.Services.GetRequiredService<IAuditLog>());
        _contexts.Add(set);
        return set;
    }

    /// <summary>Waits until every audit host has stored what it was given: each timed save starts with an idle writer.</summary>
    protected void DrainAuditWriters()
    {
        foreach (var set in _contexts)
        {
            set.Log?.FlushAsync().GetAwaiter().GetResult();
        }
    }

    protected int ModifyAndSave(BenchContextSet set)
    {
        _round++;
        foreach (var item in set.Items)
        {
            item.Price = _round + item.Id;
            item.Name = "Item " + _round;
        }

        return set.Db.SaveChanges();
    }

    protected void CleanupAll()
    {
        foreach (var set in _contexts)
        {
            set.Db.Dispose();
        }

        foreach (var host in _hosts)
        {
            host.StopAsync().GetAwaiter().GetResult();
            host.Dispose();
        }

        Directory.Delete(Folder, recursive: true);
    }
}

/// <summary>One benchmark case: its context, the rows it tracks, and the audit log it records to (none for a baseline).</summary>
public sealed record BenchContextSet(BenchDbContext Db, List<BenchItem> Items, IAuditLog? Log);

public sealed class BenchItem
{
    public int Id { get; set; }

    public string Sku { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public decimal Price { get; set; }

    public int Stock { get; set; }
}

public sealed class BenchDbContext(DbContextOptions<BenchDbContext> options) : DbContext(options)
{
    public DbSet<BenchItem> Items => Set<BenchItem>();
}
