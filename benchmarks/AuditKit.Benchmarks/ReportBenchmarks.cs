using System.Diagnostics;
using AuditKit.Benchmarks.Support;
using AuditKit.Reports;
using AuditKit.Sqlite;
using AuditKit.Storage.Conformance.Support;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuditKit.Benchmarks;

/// <summary>
/// A Data Change report over a SQLite store of 1,000,000 README-shaped events (<see cref="RealisticEvents"/>: an Update
/// with two field changes, a full actor and client, a correlation id and a message; 30 days), so 2,000,000 rows, through
/// the host's <see cref="IAuditReports"/> into <see cref="Stream.Null"/>: CSV, and PDF of every row (a ZIP of PDF volumes
/// of at most <see cref="ReportOptions.MaxPdfRows"/> rows each). Each includes reading every page, the verification of
/// the stream for the evidence section and recording ReportGenerated. Targets: CSV ≥ 100,000 rows/s; peak working set
/// (printed by the cleanup; each method runs in its own process) under 200 MB. Run one format alone with
/// <c>--filter '*ReportBenchmarks.DataChange_Csv*'</c> or <c>'*ReportBenchmarks.DataChange_Pdf*'</c>. One warm-up
/// and three measured runs (after BenchmarkDotNet's first, jitting run), so the PDF of 2,000,000 rows stays near 10 minutes.
/// </summary>
[MemoryDiagnoser]
[WarmupCount(1)]
[IterationCount(3)]
public class ReportBenchmarks
{
    public const int EventCount = 1_000_000;
    private static readonly DateTimeOffset Start = BenchmarkData.Start;
    private static readonly TimeSpan Span = TimeSpan.FromDays(30);
    private IHost _host = null!;
    private IAuditReports _reports = null!;

    [GlobalSetup]
    public void Setup()
    {
        var path = Database();
        ResetPeakWorkingSet();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddAuditKit(a => a.UseSqlite($"Data Source={path}").AddReports());
        _host = builder.Build();
        _host.StartAsync().GetAwaiter().GetResult();
        _reports = _host.Services.GetRequiredService<IAuditReports>();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MB");
        _host.StopAsync().GetAwaiter().GetResult();
        _host.Dispose();
    }

    [Benchmark]
    public Task<AuditReportResult> DataChange_Csv_1M_Events() =>
        _reports.GenerateAsync(new AuditReportRequest { Kind = AuditReportKind.DataChange, From = Start, To = Start + Span }, AuditReportFormat.Csv, Stream.Null);

    [Benchmark]
    public Task<AuditReportResult> DataChange_Pdf_1M_Events() =>
        _reports.GenerateAsync(new AuditReportRequest { Kind = AuditReportKind.DataChange, From = Start, To = Start + Span }, AuditReportFormat.Pdf, Stream.Null);

    // Building the database (first run only) peaks at ~400 MB, which is not the report's: on Linux, writing 5 to
    // /proc/self/clear_refs resets the peak resident set (VmHWM) that Process.PeakWorkingSet64 reads.
    private static void ResetPeakWorkingSet()
    {
        if (OperatingSystem.IsLinux())
        {
            GC.Collect();
            try
            {
                File.WriteAllText("/proc/self/clear_refs", "5");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.WriteLine($"// peak working set not reset ({e.Message}): it includes building the database");
            }
        }
    }

    private static string Database()
    {
        var path = Path.Combine(Path.GetTempPath(), "auditkit-bench", $"report-datachange-realistic-{EventCount}-v{SqliteSchema.LatestVersion}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (!File.Exists(path))
        {
            Build(path + ".tmp").GetAwaiter().GetResult();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Move(path + ".tmp", path);
        }

        return path;
    }

    private static async Task Build(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        Console.WriteLine($"// building {EventCount:N0} README-shaped Data Change events into {path}");
        await using var store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={path}", Synchronous = SqliteSynchronous.Normal });
        const int chunk = 100_000;
        int? stream = null;
        var step = Span / EventCount;
        for (var c = 0; c < EventCount / chunk; c++)
        {
            // RealisticEvents stamps an hour of random times; the report's range is 30 days, one event every 2.592 s.
            var events = RealisticEvents.Generate(chunk, seed: c + 1)
                .Select((e, i) => e with { Timestamp = Start + (step * ((c * chunk) + i)) })
                .ToList();
            stream = await StoreSeeder.AppendAsync(store, events, batchSize: 10_000, streamId: stream);
        }
    }
}
