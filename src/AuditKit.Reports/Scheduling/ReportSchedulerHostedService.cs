using Microsoft.Extensions.Hosting;

namespace AuditKit.Reports.Scheduling;

/// <summary>Runs <see cref="ReportScheduler"/> while the host runs.</summary>
internal sealed class ReportSchedulerHostedService(ReportScheduler scheduler) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => scheduler.RunAsync(stoppingToken);
}
