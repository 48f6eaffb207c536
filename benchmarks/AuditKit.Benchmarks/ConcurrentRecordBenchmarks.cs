using System.Collections.Concurrent;
using System.Diagnostics;
using AuditKit.Benchmarks.Support;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuditKit.Benchmarks;

/// <summary>
/// 32 concurrent callers awaiting <see cref="IAuditLog.RecordAsync"/> (Committed: each call returns once its
/// batch is durable in SQLite with synchronous=FULL). Mean time is per event (throughput); the latency of each
/// call is collected and its p50/p99 printed at the end of the run. Target: p99 ≤ 20 ms.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 8)]
public class ConcurrentRecordBenchmarks
{
    private const int Callers = 32;
    private const int CallsPerCaller = 250;

    private readonly ConcurrentBag<double> _latenciesMs = [];
    private string _folder = null!;
    private Microsoft.Extensions.Hosting.IHost _host = null!;
    private IAuditLog _log = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = BenchmarkData.NewFolder("concurrent");
        (_host, _log) = BenchmarkHost.Start(a => a.UseSqlite($"Data Source={Path.Combine(_folder, "audit.db")}"));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        BenchmarkHost.Stop(_host);
        BenchmarkData.DeleteFolder(_folder);
        var sorted = _latenciesMs.Order().ToArray();
        if (sorted.Length > 0)
        {
            var report = $"RecordAsync latency over {sorted.Length:N0} calls by {Callers} concurrent callers: " +
                $"p50 {Percentile(sorted, 0.50):0.00} ms, p90 {Percentile(sorted, 0.90):0.00} ms, p99 {Percentile(sorted, 0.99):0.00} ms, max {sorted[^1]:0.00} ms";
            Console.WriteLine("// " + report);
            Directory.CreateDirectory("BenchmarkDotNet.Artifacts");
            File.AppendAllText(Path.Combine("BenchmarkDotNet.Artifacts", "latency.txt"), report + Environment.NewLine);
        }
    }

    [Benchmark(OperationsPerInvoke = Callers * CallsPerCaller)]
    public void RecordAsync_32ConcurrentCallers()
    {
        var callers = new Task[Callers];
        for (var c = 0; c < Callers; c++)
        {
            var caller = c;
            callers[c] = Task.Run(async () =>
            {
                for (var i = 0; i < CallsPerCaller; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    await _log.RecordAsync(new AuditEvent(AuditCategory.RecordChange, AuditActions.Update)
                    {
                        Actor = new AuditActor($"user{caller}"),
                        Target = new AuditTarget("Order", $"SO-{caller}-{i}"),
                        Changes = [new FieldChange("Status", "Draft", "Confirmed")],
                    });
                    _latenciesMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            });
        }

        Task.WaitAll(callers);
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
