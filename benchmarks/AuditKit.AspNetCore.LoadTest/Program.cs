// Load test of the audit API's log search: seeds a SQLite store with --events events (kept between runs), keeps
// recording --write-rate events per second, and runs autocannon (tests/tools, pinned) against
// GET /audit/events on 127.0.0.1 with --connections connections for --duration seconds, as a signed-in reader.
// Prints autocannon's latency percentiles and requests per second, and the write rate achieved meanwhile.
//   dotnet run --project benchmarks/AuditKit.AspNetCore.LoadTest -c Release -- [--events 1000000] [--write-rate 5000]
//       [--duration 10] [--connections 64] [--warmup 15] [--path "/audit/events?entity=Customer"] [--folder <dir>]
//       [--settle 45] [--audit-reads off] (diagnosis only: the API's reads are then not audited, to measure what auditing them costs)
// --warmup runs autocannon for that many seconds first, unmeasured, so the measured run sees the server in its steady
// state (tiered JIT done, pools filled) as a long-running host is; --warmup 0 measures a cold server. On a busy machine
// the tiered JIT can still be at work after it, so warm-up continues in 5 s rounds while the last round still compiled
// more than 100 methods, for at most --settle seconds more (default 45; --settle 0 turns it off). The methods compiled
// during the measured run are printed.
using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using AuditKit;
using AuditKit.Storage.Conformance.Support;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

var options = Args.Parse(args);
var repository = Args.RepositoryRoot();
var autocannon = Path.Combine(repository, "tests", "tools", "node_modules", ".bin", "autocannon");
if (!File.Exists(autocannon))
{
    Console.Error.WriteLine("autocannon is missing: run `npm ci` in tests/tools (./build.sh test does).");
    return 2;
}

var folder = options.Folder ?? Path.Combine(Path.GetTempPath(), "auditkit-load");
Directory.CreateDirectory(folder);
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Services.AddAuditKit(audit => audit
    .UseSqlite($"Data Source={Path.Combine(folder, "audit.db")}")
    .AddAspNetCore(o =>
    {
        o.Api.ReadPolicy = "Readers";
        o.Api.AuditReads = options.AuditReads;
    }));
builder.Services.AddAuthentication("Cookies").AddCookie("Cookies");
builder.Services.AddAuthorizationBuilder().AddPolicy("Readers", p => p.RequireRole("Auditor"));

await using var app = builder.Build();
app.UseAuthentication();
app.UseAuditKit();
app.UseAuthorization();
app.MapPost("/signin", async (HttpContext http) =>
{
    var identity = new ClaimsIdentity([new(ClaimTypes.NameIdentifier, "load-auditor"), new(ClaimTypes.Name, "Load Auditor"), new(ClaimTypes.Role, "Auditor")], "Cookies");
    await http.SignInAsync("Cookies", new ClaimsPrincipal(identity));
});
app.MapAuditKit("/audit");
await app.StartAsync();
var address = app.Urls.First();
var log = app.Services.GetRequiredService<IAuditLog>();
var reader = app.Services.GetRequiredService<IAuditReader>();

// Seed in chunks (the generator's events are realistic ERP events spread over a month).
var stored = await reader.CountAsync(new AuditQuery());
if (stored < options.Events)
{
    var seeding = Stopwatch.StartNew();
    var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    const int Chunk = 50_000;
    for (var done = stored; done < options.Events; done += Chunk)
    {
        var count = (int)Math.Min(Chunk, options.Events - done);
        foreach (var e in EventGenerator.Generate(count, start.AddHours(done / Chunk * 12), TimeSpan.FromHours(12), seed: (int)(done / Chunk) + 1))
        {
            log.Record(e);
        }

        await log.FlushAsync();
    }

    Console.WriteLine($"seeded {options.Events - stored:N0} events in {seeding.Elapsed.TotalSeconds:F1} s");
}

stored = await reader.CountAsync(new AuditQuery());
Console.WriteLine($"store: {stored:N0} events");

// Sign in once; autocannon sends the cookie.
using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = new Uri(address) };
var signIn = await http.PostAsync("/signin", null);
var cookie = string.Join("; ", signIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));

// Writes continue at the requested rate while the load runs (one batch every 10 ms).
using var stop = new CancellationTokenSource();
var written = 0L;
var writer = Task.Run(async () =>
{
    var perTick = Math.Max(1, options.WriteRate / 100);
    var clock = Stopwatch.StartNew();
    var tick = 0L;
    while (!stop.IsCancellationRequested)
    {
        foreach (var e in EventGenerator.Generate(perTick, DateTimeOffset.UtcNow.AddSeconds(-1), TimeSpan.FromSeconds(1), seed: (int)(tick % 1000) + 7))
        {
            log.Record(e);
        }

        written += perTick;
        tick++;
        var due = TimeSpan.FromMilliseconds(tick * 10) - clock.Elapsed;
        if (due > TimeSpan.Zero)
        {
            await Task.Delay(due);
        }
    }

    return clock.Elapsed;
});

await Task.Delay(TimeSpan.FromSeconds(2)); // the writer reaches its rate first
var url = address.TrimEnd('/') + options.Path;
var warmedUp = 0;
var compiledInLastRound = -1L;
if (options.Warmup > 0)
{
    await Autocannon(options.Warmup);
    warmedUp = options.Warmup;
    for (var settling = 0; settling < options.Settle; settling += 5)
    {
        var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
        await Autocannon(5);
        warmedUp += 5;
        compiledInLastRound = System.Runtime.JitInfo.GetCompiledMethodCount() - compiled;
        if (compiledInLastRound <= 100)
        {
            break;
        }
    }
}

var compiledBefore = System.Runtime.JitInfo.GetCompiledMethodCount();

var loadBefore = LoadAverage();
var writtenBefore = written;
var measured = Stopwatch.StartNew();
var output = await Autocannon(options.Duration);
var writtenDuring = written - writtenBefore;
var compiledDuring = System.Runtime.JitInfo.GetCompiledMethodCount() - compiledBefore;
var measuredSeconds = measured.Elapsed.TotalSeconds;
var loadAfter = LoadAverage();
var written0 = written;
stop.Cancel();
var elapsed = await writer;
await log.FlushAsync();

using var json = JsonDocument.Parse(output);
var root = json.RootElement;
var latency = root.GetProperty("latency");
var requests = root.GetProperty("requests");
Console.WriteLine($"autocannon -c {options.Connections} -d {options.Duration} {options.Path}");
Console.WriteLine($"  requests/s: average {requests.GetProperty("average").GetDouble():N0}, total {requests.GetProperty("total").GetInt64():N0}");
Console.WriteLine($"  latency ms: p50 {latency.GetProperty("p50").GetDouble()}, p90 {latency.GetProperty("p90").GetDouble()}, p99 {latency.GetProperty("p99").GetDouble()}, max {latency.GetProperty("max").GetDouble()}");
Console.WriteLine($"  non-2xx: {root.GetProperty("non2xx").GetInt64()}, errors: {root.GetProperty("errors").GetInt64()}, timeouts: {root.GetProperty("timeouts").GetInt64()}");
Console.WriteLine($"  writes meanwhile: {written0 / elapsed.TotalSeconds:N0} events/s recorded by the writer loop over the whole run, {writtenDuring / measuredSeconds:N0} events/s during the measured run (target {options.WriteRate:N0}), plus one audited read per request");
Console.WriteLine($"  audited reads: {(options.AuditReads ? "on" : "off (diagnosis)")}; server GC: {System.Runtime.GCSettings.IsServerGC}");
Console.WriteLine($"  machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}; load average before/after the measured run: {loadBefore} / {loadAfter}; warm-up {warmedUp} s");
Console.WriteLine($"  JIT: {(compiledInLastRound < 0 ? "" : $"{compiledInLastRound:N0} methods compiled in the last 5 s warm-up round, ")}{compiledDuring:N0} during the measured run");
await app.StopAsync();
Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
return 0;

// One autocannon run against the search URL as the signed-in reader; its JSON summary.
async Task<string> Autocannon(int seconds)
{
    var run = new ProcessStartInfo(autocannon)
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        ArgumentList = { "-c", options.Connections.ToString(CultureInfo.InvariantCulture), "-d", seconds.ToString(CultureInfo.InvariantCulture), "--json", "-H", $"Cookie={cookie}", url },
    };
    using var process = Process.Start(run)!;
    var outputTask = process.StandardOutput.ReadToEndAsync();
    var errorTask = process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    await errorTask;
    return await outputTask;
}

// The 1-minute load average (Linux), or "n/a".
static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

internal sealed record Args(long Events, int WriteRate, int Duration, int Connections, string Path, string? Folder, int Warmup, bool AuditReads, int Settle)
{
    public static Args Parse(string[] args)
    {
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        return new Args(
            long.Parse(Value("--events") ?? "1000000", CultureInfo.InvariantCulture),
            int.Parse(Value("--write-rate") ?? "5000", CultureInfo.InvariantCulture),
            int.Parse(Value("--duration") ?? "10", CultureInfo.InvariantCulture),
            int.Parse(Value("--connections") ?? "64", CultureInfo.InvariantCulture),
            Value("--path") ?? "/audit/events?entity=Customer",
            Value("--folder"),
            int.Parse(Value("--warmup") ?? "15", CultureInfo.InvariantCulture),
            Value("--audit-reads") != "off",
            int.Parse(Value("--settle") ?? "45", CultureInfo.InvariantCulture));
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "AuditKit.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? Directory.GetCurrentDirectory();
    }
}
