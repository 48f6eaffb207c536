using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuditKit.Sqlite.Tests.Support;

/// <summary>A started host with AuditKit on a SQLite file, as an application runs it (logging off).</summary>
public static class SqliteHost
{
    public static async Task<IHost> StartAsync(string path, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddAuditKit(a => a.UseSqlite($"Data Source={path}"));
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
