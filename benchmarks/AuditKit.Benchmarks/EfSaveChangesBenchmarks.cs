using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuditKit.Benchmarks;

/// <summary>
/// SaveChanges of 100 modified entities (each invocation changes two properties of 100 tracked rows and saves) on a
/// SQLite file, with AuditKit's interceptors (100 Update events with field-level changes, recorded into a SQLite audit
/// store by the background writer) and without. Target: ≤ 1.25x the time without auditing; allocations reported.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(RunStrategy.Monitoring, warmupCount: 3, iterationCount: 15, invocationCount: 20)]
public class EfSaveChangesBenchmarks
{
    private const int Rows = 100;
    private string _folder = null!;
    private Microsoft.Extensions.Hosting.IHost _host = null!;
    private Microsoft.Extensions.Hosting.IHost _discardHost = null!;
    private Microsoft.Extensions.Hosting.IHost _savesOnlyHost = null!;
    private IServiceScope _savesOnlyScope = null!;
    private BenchDbContext _savesOnly = null!;
    private List<BenchItem> _savesOnlyItems = null!;
    private IServiceScope _discardScope = null!;
    private BenchDbContext _discard = null!;
    private List<BenchItem> _discardItems = null!;
    private IServiceScope _plainScope = null!;
    private IServiceScope _auditedScope = null!;
    private BenchDbContext _plain = null!;
    private BenchDbContext _audited = null!;
    private List<BenchItem> _plainItems = null!;
    private List<BenchItem> _auditedItems = null!;
    private int _round;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "auditkit-bench", "ef-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddAuditKit(a => a.UseSqlite($"Data Source={Path.Combine(_folder, "audit.db")}").AddEntityFramework());
        builder.Services.AddKeyedScoped("plain", (sp, _) => new BenchDbContext(new DbContextOptionsBuilder<BenchDbContext>().UseSqlite($"Data Source={Path.Combine(_folder, "plain.db")}").Options));
        builder.Services.AddKeyedScoped("audited", (sp, _) => new BenchDbContext(new DbContextOptionsBuilder<BenchDbContext>().UseSqlite($"Data Source={Path.Combine(_folder, "audited.db")}").AddAuditKitInterceptors(sp).Options));
        _host = builder.Build();
        _host.StartAsync().GetAwaiter().GetResult();
        (_plainScope, _plain, _plainItems) = Open(_host, "plain");
        (_auditedScope, _audited, _auditedItems) = Open(_host, "audited");

        // The same interceptors with a store that keeps nothing: the capture's own cost, without the audit writes.
        var discard = Host.CreateApplicationBuilder();
        discard.Logging.ClearProviders();
        discard.Services.AddAuditKit(a => a.UseStore("discard", _ => new Support.DiscardStore()).Configure(o => o.JournalDirectory = Path.Combine(_folder, "journal")).AddEntityFramework());
        discard.Services.AddKeyedScoped("discard", (sp, _) => new BenchDbContext(new DbContextOptionsBuilder<BenchDbContext>().UseSqlite($"Data Source={Path.Combine(_folder, "discard.db")}").AddAuditKitInterceptors(sp).Options));
        _discardHost = discard.Build();
        _discardHost.StartAsync().GetAwaiter().GetResult();
        (_discardScope, _discard, _discardItems) = Open(_discardHost, "discard");

        // SQLite audit store, InterceptCommands off: saves audited, bulk statements and views not.
        var savesOnly = Host.CreateApplicationBuilder();
        savesOnly.Logging.ClearProviders();
        savesOnly.Services.AddAuditKit(a => a.UseSqlite($"Data Source={Path.Combine(_folder, "audit-saves.db")}").AddEntityFramework(o => o.InterceptCommands = false));
        savesOnly.Services.AddKeyedScoped("saves", (sp, _) => new BenchDbContext(new DbContextOptionsBuilder<BenchDbContext>().UseSqlite($"Data Source={Path.Combine(_folder, "saves.db")}").AddAuditKitInterceptors(sp).Options));
        _savesOnlyHost = savesOnly.Build();
        _savesOnlyHost.StartAsync().GetAwaiter().GetResult();
        (_savesOnlyScope, _savesOnly, _savesOnlyItems) = Open(_savesOnlyHost, "saves");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _plainScope.Dispose();
        _auditedScope.Dispose();
        _discardScope.Dispose();
        _savesOnlyScope.Dispose();
        _savesOnlyHost.StopAsync().GetAwaiter().GetResult();
        _savesOnlyHost.Dispose();
        _discardHost.StopAsync().GetAwaiter().GetResult();
        _discardHost.Dispose();
        _host.StopAsync().GetAwaiter().GetResult();
        _host.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public int SaveChanges_100Modified_WithoutAuditing() => ModifyAndSave(_plain, _plainItems);

    [Benchmark]
    public int SaveChanges_100Modified_WithAuditKit() => ModifyAndSave(_audited, _auditedItems);

    [Benchmark]
    public int SaveChanges_100Modified_WithAuditKit_DiscardingStore() => ModifyAndSave(_discard, _discardItems);

    [Benchmark]
    public int SaveChanges_100Modified_WithAuditKit_InterceptCommandsOff() => ModifyAndSave(_savesOnly, _savesOnlyItems);

    private int ModifyAndSave(BenchDbContext db, List<BenchItem> items)
    {
        _round++;
        foreach (var item in items)
        {
            item.Price = _round + item.Id;
            item.Name = "Item " + _round;
        }

        return db.SaveChanges();
    }

    private static (IServiceScope, BenchDbContext, List<BenchItem>) Open(Microsoft.Extensions.Hosting.IHost host, string key)
    {
        var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredKeyedService<BenchDbContext>(key);
        db.Database.EnsureCreated();
        db.Items.AddRange(Enumerable.Range(1, Rows).Select(i => new BenchItem { Sku = "SKU-" + i, Name = "Item", Price = i, Stock = 10 }));
        db.SaveChanges();
        return (scope, db, db.Items.ToList());
    }
}

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
