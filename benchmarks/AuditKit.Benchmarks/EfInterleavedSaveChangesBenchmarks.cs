using System.Diagnostics;
using AuditKit.Benchmarks.Support;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using IHost = Microsoft.Extensions.Hosting.IHost;

namespace AuditKit.Benchmarks;

/// <summary>
/// Issue 22's consumer save with the cases side by side <b>within each invocation</b>: one save without auditing,
/// one with AuditKit's defaults, one back to back (an untimed save of the same context just before, whose 100 events
/// the writer stores while the timed save runs), one with EF Core's own services put back (the command interceptor offered during
/// saves, as before) and one with <c>InterceptCommands = false</c>, in a rotating order, every audit
/// writer drained before each save (untimed by the per-case clock). On a shared two-core machine whose speed drifts
/// from minute to minute (steal time), cases measured one after another in separate processes drift apart;
/// interleaved, each save of a case has the same neighbours. The existing case (<see cref="EfSaveChangesBenchmarks"/>'s
/// model) runs in the same rounds with its own baseline; each ratio is against the baseline listed before it. BenchmarkDotNet's own figure is the sum of the three
/// saves and the drains; the per-case medians, ratios and the caller thread's allocation per save over the last 300
/// invocations are printed at the end and appended to <c>BenchmarkDotNet.Artifacts/ef-interleaved.txt</c>.
/// </summary>
public class EfInterleavedSaveChangesBenchmarks : EfSaveBenchmarkBase
{
    private const int Measured = 300;

    private readonly List<IHost> _hosts = [];
    private readonly List<IServiceScope> _scopes = [];
    private readonly List<(string Name, Func<int, int> Save, IAuditLog? Log, Action<int>? Before, List<double> Ms, List<long> Bytes)> _cases = [];
    private int _round;

    /// <summary>
    /// Whether SQLite started before AuditKit was registered (each value runs in its own process). Then <c>UseSqlite</c>
    /// cannot turn SQLite's process-wide memory statistics off and every case runs with them on, as before that default
    /// existed; otherwise every case, its baseline included, runs with them off.
    /// </summary>
    [Params(false, true)]
    public bool SqliteStartedFirst { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (SqliteStartedFirst)
        {
            using var connection = new SqliteConnection("Data Source=:memory:");
            connection.Open();
        }

        CreateFolder("ef-interleaved");

        // An audited host first, as in an application that registers AuditKit before it touches its database.
        var drained = ConsumerCase.Open(Folder, "audited", audited: true, _hosts, _scopes);
        Add("no auditing (baseline)", ConsumerCase.Open(Folder, "plain", audited: false, _hosts, _scopes));
        Add("AuditKit defaults, writer drained", drained);
        Add("AuditKit defaults, back to back (the writer storing the previous save's 100 events)", ConsumerCase.Open(Folder, "back-to-back", audited: true, _hosts, _scopes), backToBack: true);

        // EF Core's own IInterceptors and command logger put back: the save's statements reach the command interceptor,
        // as before AuditKit left it out of saves (the A/B of that change, same run).
#pragma warning disable EF1001
        Add("AuditKit defaults with EF Core's services (before), writer drained", ConsumerCase.Open(Folder, "before", audited: true, _hosts, _scopes, db: o => o
            .ReplaceService<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptors, Microsoft.EntityFrameworkCore.Diagnostics.Internal.Interceptors>()
            .ReplaceService<Microsoft.EntityFrameworkCore.Diagnostics.IRelationalCommandDiagnosticsLogger, Microsoft.EntityFrameworkCore.Diagnostics.Internal.RelationalCommandDiagnosticsLogger>()));
#pragma warning restore EF1001
        Add("InterceptCommands = false, writer drained", ConsumerCase.Open(Folder, "saves-only", audited: true, _hosts, _scopes, ef: e => e.InterceptCommands = false));

        // The existing case (EfSaveChangesBenchmarks' model, a context built directly), in the same rounds.
        var plain = Open(null, o => o.UseSqlite($"Data Source={Path.Combine(Folder, "existing-plain.db")}"));
        _cases.Add(("existing case, no auditing (its baseline)", _ => ModifyAndSave(plain), null, null, [], []));
        var audited = Open(StartAuditHost("existing-audit", e => { }), o => o.UseSqlite($"Data Source={Path.Combine(Folder, "existing-audited.db")}"));
        _cases.Add(("existing case, AuditKit defaults, writer drained", _ => ModifyAndSave(audited), audited.Log, null, [], []));
    }

    /// <summary>One save of each case, the starting case rotating; each timed alone.</summary>
    [Benchmark]
    public int SaveChanges_100Customers_EachCaseInTurn()
    {
        var saved = 0;
        _round++;
        for (var k = 0; k < _cases.Count; k++)
        {
            var (_, save, _, before, ms, bytes) = _cases[(k + _round) % _cases.Count];
            foreach (var other in _cases)
            {
                other.Log?.FlushAsync().GetAwaiter().GetResult();
            }

            before?.Invoke(_round);

            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var started = Stopwatch.GetTimestamp();
            saved += save(_round);
            ms.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            bytes.Add(GC.GetAllocatedBytesForCurrentThread() - allocated);
        }

        return saved;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        bool counting;
        using (var open = new SqliteConnection("Data Source=:memory:"))
        {
            open.Open();
            counting = SQLitePCL.raw.sqlite3_memory_used() > 0;
        }

        var lines = new List<string> { $"EfInterleavedSaveChangesBenchmarks (SQLite started first: {SqliteStartedFirst}; its memory statistics {(counting ? "on" : "off")}), last {Measured} saves of each case:" };
        var baseline = double.NaN;
        foreach (var (name, _, log, _, ms, bytes) in _cases)
        {
            var median = Median(ms);
            baseline = log is null ? median : baseline;
            var last = ms.Skip(Math.Max(0, ms.Count - Measured)).ToList();
            lines.Add($"  {name}: median {median:0.000} ms, mean {last.Average():0.000} ms, ratio by median {median / baseline:0.00}x, caller allocation {bytes.Skip(Math.Max(0, bytes.Count - Measured)).Average() / 1024:0.0} KB per save");
        }

        foreach (var line in lines)
        {
            Console.WriteLine("// " + line);
        }

        Directory.CreateDirectory("BenchmarkDotNet.Artifacts");
        File.AppendAllLines(Path.Combine("BenchmarkDotNet.Artifacts", "ef-interleaved.txt"), lines);
        foreach (var scope in _scopes)
        {
            scope.Dispose();
        }

        foreach (var host in _hosts)
        {
            host.StopAsync().GetAwaiter().GetResult();
            host.Dispose();
        }

        CleanupAll();
        SqliteConnection.ClearAllPools();
    }

    private void Add(string name, ConsumerCase set, bool backToBack = false) =>
        _cases.Add((name, set.ModifyAndSave, set.Log, backToBack ? round => set.ModifyAndSave(-round) : null, [], []));

    private static double Median(List<double> all)
    {
        var last = all.Skip(Math.Max(0, all.Count - Measured)).Order().ToList();
        return last.Count == 0 ? double.NaN : last[last.Count / 2];
    }
}
