using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuditKit.Interop.Tests.Support;

/// <summary>A started host with AuditKit on a SQLite file, as an application runs it (logging off).</summary>
public static class InteropHost
{
    public static async Task<IHost> StartAsync(string databasePath, Action<IAuditKitBuilder>? audit = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddAuditKit(a =>
        {
            a.UseSqlite($"Data Source={databasePath}");
            audit?.Invoke(a);
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public static IAuditLog Log(this IHost host) => host.Services.GetRequiredService<IAuditLog>();

    /// <summary>Fast polling so that tests see deliveries within milliseconds.</summary>
    public static void Fast(AuditSubscriptionOptions o)
    {
        o.PollInterval = TimeSpan.FromMilliseconds(50);
        o.RetryDelay = TimeSpan.FromMilliseconds(100);
        o.MaxRetryDelay = TimeSpan.FromMilliseconds(400);
        o.LeaseDuration = TimeSpan.FromSeconds(5);
    }

    public static async Task WaitUntilAsync(Func<bool> condition, string because, int seconds = 30)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                Assert.Fail($"Timed out after {seconds} s waiting until {because}.");
            }

            await Task.Delay(25);
        }
    }
}
