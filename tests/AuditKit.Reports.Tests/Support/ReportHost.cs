using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuditKit.Reports.Tests.Support;

/// <summary>A started host with AuditKit on a SQLite file and the reports, as an application runs it (logging off).</summary>
public static class ReportHost
{
    public static async Task<IHost> StartAsync(string databasePath, Action<IAuditKitBuilder>? audit = null, TimeProvider? time = null, Action<ReportOptions>? reports = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        if (time is not null)
        {
            builder.Services.Replace(ServiceDescriptor.Singleton(time));
        }

        builder.Services.AddAuditKit(a =>
        {
            a.UseSqlite($"Data Source={databasePath}");
            a.AddReports(reports);
            audit?.Invoke(a);
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public static IAuditReports Reports(this IHost host) => host.Services.GetRequiredService<IAuditReports>();

    public static IAuditLog Log(this IHost host) => host.Services.GetRequiredService<IAuditLog>();

    public static IAuditReader Reader(this IHost host) => host.Services.GetRequiredService<IAuditReader>();

    public static async Task<(AuditReportResult Result, byte[] Bytes)> GenerateAsync(this IHost host, AuditReportRequest request, AuditReportFormat format)
    {
        using var output = new MemoryStream();
        var result = await host.Reports().GenerateAsync(request, format, output);
        return (result, output.ToArray());
    }
}
