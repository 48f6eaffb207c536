using AuditKit.Benchmarks.Support;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace AuditKit.Benchmarks;

/// <summary>
/// Sustained writes into SQLite side by side: without alerts, and with the alert engine evaluating the 20 rules of
/// <see cref="AlertEngineBenchmarks"/> on the same file while it is written (target: ≥ 0.9x). Each iteration writes
/// 20,000 events into a new database; per event.
/// </summary>
[MemoryDiagnoser]
public class AlertWriteBenchmarks
{
    private const int Events = 20_000;

    /// <summary>The events written: "realistic" (the README's shape) or "light" (<see cref="BenchmarkData.Shaped"/>).</summary>
    [Params("realistic", "light")]
    public string Shape { get; set; } = "realistic";
    private string _folder = null!;
    private List<AuditEvent> _events = null!;
    private Microsoft.Extensions.Hosting.IHost? _host;
    private IAuditLog? _log;

    [GlobalSetup]
    public void GlobalSetup() => _folder = BenchmarkData.NewFolder("alerts");

    [GlobalCleanup]
    public void GlobalCleanup() => BenchmarkData.DeleteFolder(_folder);

    [IterationSetup(Targets = [nameof(Pipeline_Record_NoRules)])]
    public void SetupNoRules()
    {
        _events = BenchmarkData.Shaped(Shape, Events);
        (_host, _log) = BenchmarkHost.Start(a => a.UseSqlite($"Data Source={NewDatabase()}"));
    }

    [IterationSetup(Targets = [nameof(Pipeline_Record_TwentyRules)])]
    public void SetupTwentyRules()
    {
        _events = BenchmarkData.Shaped(Shape, Events);
        (_host, _log) = BenchmarkHost.Start(a => a.UseSqlite($"Data Source={NewDatabase()}").AddAlerts(o => o.PollInterval = TimeSpan.FromMilliseconds(100)));
        var alerts = _host.Services.GetRequiredService<IAuditAlerts>();
        var i = 0;
        foreach (var rule in AlertEngineBenchmarks.Rules())
        {
            alerts.SaveRuleAsync($"rule-{i++}", rule, 0).GetAwaiter().GetResult();
        }
    }

    [IterationCleanup]
    public void Cleanup() => BenchmarkHost.Stop(_host!);

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public void Pipeline_Record_NoRules() => Write();

    [Benchmark(OperationsPerInvoke = Events)]
    public void Pipeline_Record_TwentyRules() => Write();

    private void Write()
    {
        foreach (var e in _events)
        {
            _log!.Record(e);
        }

        _log!.FlushAsync().GetAwaiter().GetResult();
    }

    private string NewDatabase() => Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".db");
}
