// A separate process that writes audit events into a SQLite file or a PostgreSQL schema, for multi-process and
// crash tests.
// Usage: AuditKit.TestWriter <database path | postgres:<schema>> <event count> [label] [wait] [overflow]
// (postgres: uses the AUDITKIT_POSTGRES connection string and a journal folder of its own under the temp path)
// Prints "ready" once started (holding its stream); with "wait", waits for a line on standard input before
// writing; then prints "ack <sequence> <id>" for each committed event, then "done <stream>".
// With "overflow", a small queue (256, EnqueueTimeout 20 ms) and 8 tasks awaiting RecordAsync 400 at a time keep the
// overflow journal in use (an acknowledged event there has sequence 0: durable in the journal, not yet sequenced).
using AuditKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

if (args[0] == "retention")
{
    return await RetentionChild.RunAsync(args);
}

var path = args[0];
var count = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
var label = args.Length > 2 ? args[2] : "child";

var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
builder.Services.AddAuditKit(audit =>
{
    if (path.StartsWith("postgres:", StringComparison.Ordinal))
    {
        var schema = path["postgres:".Length..];
        audit.UsePostgreSql(Environment.GetEnvironmentVariable("AUDITKIT_POSTGRES")!, o => o.Schema = schema)
            .Configure(o => o.JournalDirectory = Path.Combine(Path.GetTempPath(), "auditkit-testwriter", schema, label));
    }
    else
    {
        audit.UseSqlite($"Data Source={path}");
    }

    audit.Configure(o => o.Application = label);
    if (args.Skip(3).Contains("overflow"))
    {
        audit.Configure(o => { o.QueueCapacity = 256; o.EnqueueTimeout = TimeSpan.FromMilliseconds(20); });
    }
});
using var host = builder.Build();
await host.StartAsync();
var log = host.Services.GetRequiredService<IAuditLog>();
Console.Out.WriteLine("ready");
Console.Out.Flush();
if (args.Skip(3).Contains("wait"))
{
    Console.In.ReadLine();
}

var stream = 0;
var output = new object();
var (writers, concurrency) = args.Skip(3).Contains("overflow") ? (8, 400) : (1, 50);
await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
{
    for (var i = w * concurrency; i < count; i += writers * concurrency)
    {
        var batch = Enumerable.Range(i, Math.Min(concurrency, count - i))
            .Select(n => log.RecordAsync(new AuditEvent(AuditCategory.UserAction, "Click") { Message = $"{label} #{n}", Actor = new AuditActor(label) }).AsTask())
            .ToList();
        var written = await Task.WhenAll(batch);
        lock (output)
        {
            foreach (var e in written)
            {
                stream = e.StreamId == 0 ? stream : e.StreamId;
                Console.Out.WriteLine($"ack {e.Sequence} {e.Id:N}");
            }

            Console.Out.Flush();
        }
    }
})));

await host.StopAsync();
Console.Out.WriteLine($"done {stream}");
return 0;
