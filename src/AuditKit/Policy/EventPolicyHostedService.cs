using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuditKit;

/// <summary>
/// Loads the stored event policy when the host starts and keeps <see cref="EventPolicyStage"/> on the newest version
/// of the <see cref="AuditEventPolicy.DocumentName"/> document. When the store cannot be read at start-up the
/// defaults (everything logged) apply until the settings refresher reads it.
/// </summary>
internal sealed class EventPolicyHostedService(EventPolicyStage stage, IAuditSettings settings, ILogger<EventPolicyHostedService> logger) : IHostedService, IDisposable
{
    private IDisposable? _watch;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _watch ??= settings.Watch<AuditEventPolicy>(AuditEventPolicy.DocumentName, entry => stage.Update(entry.Value));
        try
        {
            var entry = await settings.GetAsync<AuditEventPolicy>(AuditEventPolicy.DocumentName, cancellationToken).ConfigureAwait(false);
            if (entry.Version > 0)
            {
                stage.Update(entry.Value);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            AuditSettingsLog.RefreshFailed(logger, ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _watch?.Dispose();
}
