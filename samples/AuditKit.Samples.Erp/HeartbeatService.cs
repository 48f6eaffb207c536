using AuditKit.Samples.Erp.Data;
using AuditKit.Samples.Erp.Seeding;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;

namespace AuditKit.Samples.Erp;

/// <summary>
/// Sends each tenant's component heartbeats every five minutes while the sample runs (System / Heartbeat), so System
/// Health (read at the same interval: <c>o.Api.HeartbeatInterval</c> in ErpApplication) shows the components up; the database's heartbeat carries the time a <c>SELECT 1</c> on erp.db took. The first beat
/// comes one interval after start, after the history is seeded.
/// </summary>
internal sealed class HeartbeatService(IAuditLog log, ErpStorage storage, TimeProvider time) : BackgroundService
{
    public static readonly TimeSpan Interval = HistoryPlan.HeartbeatInterval;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var database = await MeasureDatabaseAsync(stoppingToken);
                foreach (var tenant in ErpTenant.All)
                {
                    foreach (var component in tenant.Components)
                    {
                        log.Record(AuditEvents.Heartbeat(component, component == "Database" ? database : null) with { TenantId = tenant.Id });
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    private async Task<TimeSpan> MeasureDatabaseAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        await using var connection = new SqliteConnection(storage.ErpConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        await command.ExecuteScalarAsync(cancellationToken);
        return time.GetElapsedTime(started);
    }
}
