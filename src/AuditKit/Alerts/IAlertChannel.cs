namespace AuditKit;

/// <summary>
/// A notification channel alerts are sent to (e-mail, Slack, a webhook: AuditKit.Notifications registers them). Rules name
/// channels by <see cref="Name"/>. Sends run off the engine, one queue per channel: a slow or failing channel delays
/// nobody else; a failed send is recorded as a System <see cref="AuditActions.Error"/> event and retried with back-off.
/// </summary>
public interface IAlertChannel
{
    /// <summary>The name rules use (<c>email:security</c>, <c>slack:security-alerts</c>).</summary>
    string Name { get; }

    /// <summary>Sends one alert; throw to have it retried.</summary>
    /// <param name="notification">The alert.</param>
    /// <param name="cancellationToken">Cancelled when the host stops.</param>
    /// <returns>A task that completes when the alert is delivered.</returns>
    Task SendAsync(AlertNotification notification, CancellationToken cancellationToken);
}
