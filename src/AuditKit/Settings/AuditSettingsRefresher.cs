using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuditKit;

/// <summary>Reads the watched settings documents again every <see cref="AuditSettingsOptions.RefreshInterval"/>, so saves by other processes apply here.</summary>
internal sealed class AuditSettingsRefresher(AuditSettings settings, IOptions<AuditSettingsOptions> options, TimeProvider timeProvider, ILogger<AuditSettingsRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval, timeProvider);
        try
        {
            do
            {
                try
                {
                    await settings.RefreshAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (NotSupportedException ex)
                {
                    // A store without settings documents: the defaults stay in force, there is nothing to refresh.
                    AuditSettingsLog.RefreshFailed(logger, ex);
                    return;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The store is down or locked: the settings in force stay, and the next tick tries again.
                    AuditSettingsLog.RefreshFailed(logger, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
