using AuditKit.Benchmarks.Support;
using AuditKit.Sqlite;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using IHost = Microsoft.Extensions.Hosting.IHost;

namespace AuditKit.Benchmarks;

/// <summary>
/// The outside scenario of issue 22, as a new user writes it from the README: a host
/// (<c>Host.CreateApplicationBuilder</c>), <c>AddAuditKit(a => a.UseSqlite(...).AddEntityFramework())</c> and
/// <c>AddDbContext((sp, db) => db.UseSqlite(...).AddAuditKitInterceptors(sp))</c>, defaults everywhere, a consumer-shaped
/// <see cref="Customer"/> (a decimal credit limit, payment terms, status, city), the business database and the audit
/// store as files in one folder, the context resolved from a scope. Each iteration modifies 100 tracked customers
/// (credit limit and status) and saves them once. Baseline: the same host and context without AuditKit.
/// </summary>
/// <remarks>
/// Two audited cases: saves back to back as a consumer loop runs them (the audit writer stores the previous save's
/// 100 events while the next save runs, on the same 2 cores and the same disk), and the writer drained before each
/// save (untimed), which leaves only what the save itself pays. Logging providers are cleared in every host: with
/// the default console logger EF Core writes an "Executed DbCommand" line per statement for both cases alike (see
/// docs/entity-framework.md for that variant).
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(RunStrategy.Monitoring, warmupCount: 300, iterationCount: 300, invocationCount: 1)]
public class EfConsumerSaveChangesBenchmarks
{
    private readonly List<IHost> _hosts = [];
    private readonly List<IServiceScope> _scopes = [];
    private string _folder = null!;
    private ConsumerCase _plain = null!;
    private ConsumerCase _audited = null!;
    private ConsumerCase _drained = null!;
    private ConsumerCase _savesOnly = null!;
    private ConsumerCase _normal = null!;
    private int _round;
    private BatchSizeListener? _listener;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "auditkit-bench", "consumer-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        // An audited host first, as in an application that registers AuditKit before it touches its database (UseSqlite
        // can then turn SQLite's process-wide memory statistics off: docs/entity-framework.md, "Cost").
        _audited = ConsumerCase.Open(_folder, "audited", audited: true, _hosts, _scopes);
        _plain = ConsumerCase.Open(_folder, "plain", audited: false, _hosts, _scopes);
        _drained = ConsumerCase.Open(_folder, "drained", audited: true, _hosts, _scopes);
        _savesOnly = ConsumerCase.Open(_folder, "saves-only", audited: true, _hosts, _scopes, ef: e => e.InterceptCommands = false);
        _normal = ConsumerCase.Open(_folder, "normal", audited: true, _hosts, _scopes, store: s => s.Synchronous = SqliteSynchronous.Normal);

        // Events per audit commit (the writer's batches), counted from here on. (Process CPU and collections are not
        // reported: BenchmarkDotNet's forced collections between iterations dominate both.)
        _listener = new BatchSizeListener();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        // Printed into the benchmark's log: every save of the run (warm-up included) counts.
        _listener?.Dispose();
        Console.WriteLine($"// {_round} saves: {_listener?.EventsPerCommit:0.0} audit events per commit ({_listener?.Batches} commits)");
        foreach (var scope in _scopes)
        {
            scope.Dispose();
        }

        foreach (var host in _hosts)
        {
            host.StopAsync().GetAwaiter().GetResult();
            host.Dispose();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [IterationSetup(Target = nameof(SaveChanges_100Customers_WithAuditKit_WriterDrained))]
    public void Drain() => _drained.Log!.FlushAsync().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public int SaveChanges_100Customers_WithoutAuditing() => ModifyAndSave(_plain);

    [Benchmark]
    public int SaveChanges_100Customers_WithAuditKit() => ModifyAndSave(_audited);

    [Benchmark]
    public int SaveChanges_100Customers_WithAuditKit_WriterDrained() => ModifyAndSave(_drained);

    /// <summary>The faster mode for EF Core's per-command interception: saves still audited, bulk statements and views not.</summary>
    [Benchmark]
    public int SaveChanges_100Customers_WithAuditKit_InterceptCommandsOff() => ModifyAndSave(_savesOnly);

    /// <summary>The faster mode for the audit store's fsync per commit: the last commits may be lost on power loss.</summary>
    [Benchmark]
    public int SaveChanges_100Customers_WithAuditKit_SynchronousNormal() => ModifyAndSave(_normal);

    private int ModifyAndSave(ConsumerCase set) => set.ModifyAndSave(++_round);

}
