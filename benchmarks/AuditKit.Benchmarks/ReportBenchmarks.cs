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
/// A Data Change report over a SQLite store of 1,000,000 Update events (one changed field each, 30 days), through the
/// host's <see cref="IAuditReports"/> into <see cref="Stream.Null"/>, CSV and PDF over all of them (the PDF draws the
/// first <see cref="ReportOptions.MaxPdfRows"/>, 100,000, and reads, counts and verifies the rest). Each includes reading
/// every page, the verification of the stream for the evidence section and recording ReportGenerated. Targets: CSV ≥ 100,000 rows/s; peak working set (printed by the cleanup) under 200 MB.
/// </summary>
[MemoryDiagnoser]
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
    public Task<AuditReportResult> DataChange_Csv_1M() =>
        _reports.GenerateAsync(new AuditReportRequest { Kind = AuditReportKind.DataChange, From = Start, To = Start + Span }, AuditReportFormat.Csv, Stream.Null);

    [Benchmark]
    public Task<AuditReportResult> DataChange_Pdf_1M() =>
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
        var path = Path.Combine(Path.GetTempPath(), "auditkit-bench", $"report-datachange-{EventCount}-v{SqliteSchema.LatestVersion}.db");
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

        Console.WriteLine($"// building {EventCount:N0} Data Change events into {path}");
        await using var store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={path}", Synchronous = SqliteSynchronous.Normal });
        const int chunk = 100_000;
        int? stream = null;
        var step = Span / EventCount;
        for (var c = 0; c < EventCount / chunk; c++)
        {
            var events = new List<AuditEvent>(chunk);
            for (var i = 0; i < chunk; i++)
            {
                var n = (c * chunk) + i;
                events.Add(AuditEvents.Updated("Customer", $"CUST-{n % 50_000}", $"Customer {n % 50_000}", [new FieldChange("CreditLimit", $"{n}.00", $"{n + 1}.00", DisplayName: "Credit Limit")]) with
                {
                    Timestamp = Start + (step * n),
                    Actor = new AuditActor($"user{n % 20}", $"User {n % 20}", Role: "Sales Manager"),
                });
            }

            stream = await StoreSeeder.AppendAsync(store, events, batchSize: 10_000, streamId: stream);
        }
    }
}
