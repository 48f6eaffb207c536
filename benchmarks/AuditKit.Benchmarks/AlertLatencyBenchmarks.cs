using AuditKit.Benchmarks.Support;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace AuditKit.Benchmarks;

/// <summary>
/// From commit to <c>AlertTriggered</c> (target p99 ≤ 2 s): with the alert engine at its defaults (the 500 ms poll) on a
/// SQLite file that a background writer keeps busy with realistic events, one operation records an account lock for a
/// new user (committed), then waits until the engine has stored the alert for it. Each operation is one sample; the
/// P95 and Max columns bound the 99th percentile from both sides (Max ≥ p99).
/// </summary>
[Config(typeof(Config))]
public class AlertLatencyBenchmarks
{
    private string _folder = null!;
    private Microsoft.Extensions.Hosting.IHost _host = null!;
    private IAuditLog _log = null!;
    private IAuditReader _reader = null!;
    private CancellationTokenSource _stop = null!;
    private Task _background = null!;
    private long _alerts;
    private int _user;

    [GlobalSetup]
    public void GlobalSetup()
    {
        _folder = BenchmarkData.NewFolder("alert-latency");
        (_host, _log) = BenchmarkHost.Start(a => a.UseSqlite($"Data Source={Path.Combine(_folder, "audit.db")}").AddAlerts());
        _host.Services.GetRequiredService<IAuditAlerts>().SaveRuleAsync("account-locked", AlertRuleTemplates.AccountLocked(), 0).GetAwaiter().GetResult();
        _reader = _host.Services.GetRequiredService<IAuditReader>();
        _stop = new CancellationTokenSource();
        _background = Task.Run(async () =>
        {
            // Up to 2,000 realistic events a second beside the measured ones (100 every 50 ms).
            for (var seed = 1; !_stop.IsCancellationRequested; seed++)
            {
                foreach (var e in RealisticEvents.Generate(100, seed))
                {
                    _log.Record(e);
                }

                await Task.Delay(50).ConfigureAwait(false);
            }
        });
    }

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        _stop.Cancel();
        _background.GetAwaiter().GetResult();
        BenchmarkHost.Stop(_host);
        BenchmarkData.DeleteFolder(_folder);
    }

    [Benchmark]
    public async Task CommitToAlertTriggered()
    {
        var before = _alerts;
        var user = Interlocked.Increment(ref _user);
        // Shaped like the README's events: an actor with e-mail and role, a full client with a real user agent, a correlation id.
        await _log.RecordAsync(AuditEvents.AccountLocked(new AuditActor($"latency-{user}", $"Latency User {user}", $"latency.user{user}@company.com", "Sales Manager"), "5 failed sign-ins") with
        {
            Client = new AuditClient("192.168.1.105", "New York, NY (estimated)", RealisticEvents.UserAgent, "Edge on Windows", $"sess_{user:x8}"),
            CorrelationId = $"req-{user:x8}",
        });
        var alerts = new AuditQuery { Actions = [AuditActions.AlertTriggered] };
        while ((_alerts = await _reader.CountAsync(alerts)) <= before)
        {
            await Task.Delay(5);
        }
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(60).WithInvocationCount(1).WithUnrollFactor(1));
            AddColumn(StatisticColumn.P95, StatisticColumn.Max);
        }
    }
}
