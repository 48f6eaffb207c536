// The phases of the Data Change report benchmark (ReportBenchmarks), one per process, for profiling and
// docs/benchmarks.md: `dotnet run --project benchmarks/AuditKit.ReportProbe -c Release -- <mode> [days] [runs] [file]`
// with mode pages (the Data Change pages through IAuditReader only), verify (the stream's verification only), csv,
// jsonl or pdf (IAuditReports.GenerateAsync into Stream.Null or [file]); days of the 30-day range (default 30 =
// 1,000,000 events). Builds the benchmark's database in the temp folder when it is missing. Prints time, rows/s,
// allocations, GC counts and the peak working set. Run it under the build lock: flock -o /tmp/auditkit-build.lock ...
using AuditKit.Providers;
using System.Diagnostics;
using AuditKit;
using AuditKit.Reports;
using AuditKit.Sqlite;
using AuditKit.Storage.Conformance.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
var span = TimeSpan.FromDays(30);
const int count = 1_000_000;
// PROBE_DB names another database to read (ReportBenchmarks' README-shaped one, which the benchmark builds).
var path = Environment.GetEnvironmentVariable("PROBE_DB") is { Length: > 0 } other
    ? other
    : Path.Combine(Path.GetTempPath(), "auditkit-bench", $"report-datachange-{count}-v{SchemaVersion}.db");
var mode = args[0];
if (!File.Exists(path))
{
    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    var tmp = path + ".tmp";
    if (File.Exists(tmp)) File.Delete(tmp);
    var sw0 = Stopwatch.StartNew();
    await using (var store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={tmp}", Synchronous = SqliteSynchronous.Normal }))
    {
        const int chunk = 100_000;
        int? stream = null;
        var step = span / count;
        for (var c = 0; c < count / chunk; c++)
        {
            var events = new List<AuditEvent>(chunk);
            for (var i = 0; i < chunk; i++)
            {
                var n = (c * chunk) + i;
                events.Add(AuditEvents.Updated("Customer", $"CUST-{n % 50_000}", $"Customer {n % 50_000}", [new FieldChange("CreditLimit", $"{n}.00", $"{n + 1}.00", DisplayName: "Credit Limit")]) with
                {
                    Timestamp = start + (step * n),
                    Actor = new AuditActor($"user{n % 20}", $"User {n % 20}", Role: "Sales Manager"),
                });
            }
            stream = await StoreSeeder.AppendAsync(store, events, batchSize: 10_000, streamId: stream);
        }
    }
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    File.Move(tmp, path);
    Console.WriteLine($"built in {sw0.Elapsed}");
}
if (mode == "build")
{
    return;
}

var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
// PROBE_MAX_PDF_ROWS sets ReportOptions.MaxPdfRows (the rows of one PDF volume).
builder.Services.AddAuditKit(a => a.UseSqlite($"Data Source={path}").AddReports(o =>
{
    if (Environment.GetEnvironmentVariable("PROBE_MAX_PDF_ROWS") is { Length: > 0 } rowsPerVolume)
    {
        o.MaxPdfRows = long.Parse(rowsPerVolume);
    }
}));
using var host = builder.Build();
await host.StartAsync();
var reports = host.Services.GetRequiredService<IAuditReports>();
var reader = host.Services.GetRequiredService<IAuditReader>();
var verifier = host.Services.GetRequiredService<IAuditVerifier>();
var days = args.Length > 1 ? double.Parse(args[1]) : 30;
var to = start + TimeSpan.FromDays(days);
var reps = args.Length > 2 ? int.Parse(args[2]) : 1;
for (var r = 0; r < reps; r++)
{
    var sw = Stopwatch.StartNew();
    long rows = 0;
    var gc0 = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
    var alloc0 = GC.GetTotalAllocatedBytes();
    switch (mode)
    {
        case "pages":
            var q = new AuditQuery { Categories = [AuditCategory.RecordChange], Actions = [AuditActions.Create, AuditActions.Update, AuditActions.Delete], From = start, To = to, PageSize = AuditQuery.MaxPageSize };
            while (true)
            {
                var page = await reader.QueryAsync(q);
                rows += page.Events.Count;
                if (page.NextCursor is null) break;
                var cts = AuditCursor.Parse(page.NextCursor).TimestampMicros; q = q with { Cursor = page.NextCursor, To = AuditCursor.FromMicros(Math.Min(cts + 1, AuditCursor.ToMicros(to))) };
            }
            break;
        case "verify":
            var rep = await verifier.VerifyAsync(null, 1);
            rows = rep.EventsChecked;
            break;
        case "csv":
        case "pdf":
        case "jsonl":
            var fmt = mode == "csv" ? AuditReportFormat.Csv : mode == "pdf" ? AuditReportFormat.Pdf : AuditReportFormat.JsonLines;
            var outPath = args.Length > 3 ? args[3] : null;
            await using (var output = outPath is null ? Stream.Null : File.Create(outPath))
            {
                var res = await reports.GenerateAsync(new AuditReportRequest { Kind = AuditReportKind.DataChange, From = start, To = to }, fmt, output);
                rows = res.Rows;
            }
            break;
    }
    var el = sw.Elapsed;
    Console.WriteLine($"{mode} rows={rows:N0} time={el.TotalSeconds:F2}s rows/s={rows / el.TotalSeconds:N0} alloc={(GC.GetTotalAllocatedBytes() - alloc0) / 1048576} MB gc0/1/2={GC.CollectionCount(0) - gc0.Item1}/{GC.CollectionCount(1) - gc0.Item2}/{GC.CollectionCount(2) - gc0.Item3} peakWS={Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MB gcCommitted={GC.GetGCMemoryInfo().TotalCommittedBytes / 1048576} MB");
}
await host.StopAsync();

internal partial class Program
{
    // SqliteSchema.LatestVersion (internal to AuditKit.Sqlite); ReportBenchmarks names its database with it.
    private const int SchemaVersion = 8;
}
