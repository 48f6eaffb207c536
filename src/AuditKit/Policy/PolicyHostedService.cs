using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuditKit;

/// <summary>
/// When the host starts: loads the stored event policy and risk rules into their stages and keeps them on the newest
/// versions of their settings documents, then rebuilds the failed-login counts from the store's recent logins. When
/// the store cannot be read at start-up the defaults apply until the settings refresher reads it.
/// </summary>
internal sealed class PolicyHostedService(
    EventPolicyStage policy,
    RiskStage risk,
    IAuditSettings settings,
    AuditStore store,
    TimeProvider timeProvider,
    ILogger<PolicyHostedService> logger) : IHostedService, IDisposable
{
    private IDisposable? _policyWatch;
    private IDisposable? _riskWatch;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _policyWatch ??= settings.Watch<AuditEventPolicy>(AuditEventPolicy.DocumentName, entry => policy.Update(entry.Value));
        _riskWatch ??= settings.Watch<AuditRiskRules>(AuditRiskRules.DocumentName, entry => risk.Update(entry.Value));
        try
        {
            var policyEntry = await settings.GetAsync<AuditEventPolicy>(AuditEventPolicy.DocumentName, cancellationToken).ConfigureAwait(false);
            if (policyEntry.Version > 0)
            {
                policy.Update(policyEntry.Value);
            }

            var riskEntry = await settings.GetAsync<AuditRiskRules>(AuditRiskRules.DocumentName, cancellationToken).ConfigureAwait(false);
            if (riskEntry.Version > 0)
            {
                risk.Update(riskEntry.Value);
            }

            await risk.FailedLogins.LoadAsync(store, timeProvider.GetUtcNow() - risk.Current.FailedLoginWindow, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            AuditSettingsLog.RefreshFailed(logger, ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        _policyWatch?.Dispose();
        _riskWatch?.Dispose();
    }
}
