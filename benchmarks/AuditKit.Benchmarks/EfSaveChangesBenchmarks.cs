using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AuditKit.Benchmarks;

/// <summary>
/// SaveChanges of 100 modified entities (each invocation changes two properties of 100 tracked rows and saves) on a
/// SQLite file, with AuditKit's interceptors (100 Update events with field-level changes, recorded into a SQLite audit
/// store) and without. Target: ≤ 1.25x the time without auditing; allocations reported.
/// </summary>
/// <remarks>
/// Each iteration is one save, and the audit writer is drained before it (<see cref="EfSaveBenchmarkBase.DrainAuditWriters"/>,
/// not timed): the figure is the latency a caller of SaveChanges sees. A loop saving 100 entities back to back produces
/// ~60,000 audit events a second, more than a SQLite audit store sustains (~47,000/s, see "Sustained writes"): such a
/// loop is throttled to the store's rate by the bounded queue, which this benchmark does not measure.
/// </remarks>
public class EfSaveChangesBenchmarks : EfSaveBenchmarkBase
{
    private BenchContextSet _plain = null!;
    private BenchContextSet _audited = null!;
    private BenchContextSet _savesOnly = null!;
    private BenchContextSet _outbox = null!;

    [GlobalSetup]
    public void Setup()
    {
        CreateFolder("ef");
        var audit = StartAuditHost("audit", e => { }); // AuditKit registered before SQLite starts, as an application does
        _plain = Open(null, o => o.UseSqlite(SqliteBusiness("plain")));
        _audited = Open(audit, o => o.UseSqlite(SqliteBusiness("audited")));
        _savesOnly = Open(StartAuditHost("audit-saves", e => e.InterceptCommands = false), o => o.UseSqlite(SqliteBusiness("saves")));
        _outbox = Open(StartAuditHost("audit-outbox", e => e.Outbox = true), o => o.UseSqlite(SqliteBusiness("outbox")));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        CleanupAll();
        SqliteConnection.ClearAllPools();
    }

    [IterationSetup]
    public void Drain() => DrainAuditWriters();

    [Benchmark(Baseline = true)]
    public int SaveChanges_100Modified_WithoutAuditing() => ModifyAndSave(_plain);

    [Benchmark]
    public int SaveChanges_100Modified_WithAuditKit() => ModifyAndSave(_audited);

    [Benchmark]
    public int SaveChanges_100Modified_WithAuditKit_InterceptCommandsOff() => ModifyAndSave(_savesOnly);

    /// <summary>Atomic capture: the 100 events also go into the business database's outbox table inside the save's transaction.</summary>
    [Benchmark]
    public int SaveChanges_100Modified_WithAuditKit_Outbox() => ModifyAndSave(_outbox);

    private string SqliteBusiness(string name) => $"Data Source={Path.Combine(Folder, name + ".db")}";
}
