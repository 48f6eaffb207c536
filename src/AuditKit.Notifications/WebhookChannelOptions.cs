namespace AuditKit.Notifications;

/// <summary>A Slack incoming webhook or a generic JSON webhook (<see cref="AlertNotificationsBuilder.AddSlack"/>, <see cref="AlertNotificationsBuilder.AddWebhook"/>).</summary>
public sealed class WebhookChannelOptions
{
    /// <summary>The webhook's URL.</summary>
    public Uri? Url { get; set; }

    /// <summary>Retries of one send by the resilience handler (transient HTTP failures, 5xx, 429, timeouts). Default 3.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The first retry's delay (exponential with jitter after it). Default 2 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);
}
