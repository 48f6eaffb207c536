using Cronos;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuditKit;

/// <summary>Runs the retention job at each occurrence of <see cref="RetentionOptions.Schedule"/> while the host runs.</summary>
internal sealed partial class RetentionHostedService(RetentionEngine engine, RetentionOptions options, TimeProvider timeProvider, ILogger<RetentionHostedService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.RunOnSchedule)
        {
            return;
        }

        var cron = CronExpression.Parse(options.Schedule);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = timeProvider.GetUtcNow();
            if (cron.GetNextOccurrence(now, zone) is not { } next)
            {
                return;
            }

            await Task.Delay(next - now, timeProvider, stoppingToken).ConfigureAwait(false);
            try
            {
                await engine.RunAsync(next, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRunFailed(ex);
            }
        }
    }

    [LoggerMessage(1, LogLevel.Error, "The retention run failed; nothing it had not verified was deleted, and the next run completes it.")]
    private partial void LogRunFailed(Exception exception);
}
