using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuditKit.Benchmarks.Support;

/// <summary>A started generic host running AuditKit without console logging, as the benchmarks need it.</summary>
internal static class BenchmarkHost
{
    public static (IHost Host, IAuditLog Log) Start(Action<IAuditKitBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddAuditKit(configure);
        var host = builder.Build();
        host.StartAsync().GetAwaiter().GetResult();
        return (host, host.Services.GetRequiredService<IAuditLog>());
    }

    public static void Stop(IHost host)
    {
        host.StopAsync().GetAwaiter().GetResult();
        host.Dispose();
    }
}
