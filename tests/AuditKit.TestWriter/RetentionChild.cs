using System.Globalization;
using AuditKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

/// <summary>
/// "retention" mode, for the retention crash tests: runs the retention job on a SQLite file at a fixed time, printing
/// "step &lt;name&gt;#&lt;n&gt;" before each step; at the step named by the stop argument it stops and waits to be killed.
/// Usage: AuditKit.TestWriter retention &lt;database path&gt; &lt;archive folder&gt; &lt;now as UTC ticks&gt; &lt;key hex&gt; &lt;stop step, e.g. upload#1&gt;
/// </summary>
internal static class RetentionChild
{
    public static async Task<int> RunAsync(string[] args)
    {
        var (path, folder, now, key, stop) = (args[1], args[2], new DateTimeOffset(long.Parse(args[3], CultureInfo.InvariantCulture), TimeSpan.Zero), Convert.FromHexString(args[4]), args[5]);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(new FixedTime(now));
        builder.Services.AddAuditKit(audit => audit
            .UseSqlite($"Data Source={path}")
            .AddRetention(r =>
            {
                r.ArchiveFolder = folder;
                r.KeyProvider = new StaticArchiveKeyProvider("k1", key);
                r.RunOnSchedule = false;
                r.DeleteBatchSize = 100;
                r.WorkFolder = folder + ".work";
            }));
        using var host = builder.Build();
        await host.StartAsync();
        var engine = host.Services.GetRequiredService<RetentionEngine>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        engine.StepHook = name =>
        {
            seen[name] = seen.GetValueOrDefault(name) + 1;
            var step = $"{name}#{seen[name]}";
            Console.Out.WriteLine($"step {step}");
            Console.Out.Flush();
            if (step == stop)
            {
                Console.In.ReadLine(); // the parent kills this process here
            }
        };
        var run = await engine.RunAsync(CancellationToken.None);
        Console.Out.WriteLine($"done {run.EventsArchived} {run.EventsDeleted}");
        await host.StopAsync();
        return 0;
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
