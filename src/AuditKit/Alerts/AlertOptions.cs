namespace AuditKit;

/// <summary>Options of the alert engine (<c>audit.AddAlerts(o => ...)</c>); see docs/alerts.md for the memory they bound.</summary>
public sealed class AlertOptions
{
    /// <summary>The committed-log subscription the engine runs as.</summary>
    public const string SubscriptionName = "alerts";

    /// <summary>How often the engine looks for new committed events once caught up. Default 500 ms.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long an evaluating instance's lease lasts without renewal (another instance takes over after it). Default 30 s.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most groups one rule keeps window state for; the group seen longest ago is dropped first. Default 10,000.</summary>
    public int MaxGroupsPerRule { get; set; } = 10_000;

    /// <summary>The most window entries one group keeps; the oldest are dropped first. Default 1,000.</summary>
    public int MaxEventsPerGroup { get; set; } = 1_000;

    /// <summary>The most events a backtest reads. Default 200,000.</summary>
    public int MaxBacktestEvents { get; set; } = 200_000;

    /// <summary>How many times a notification is attempted on a channel before it is given up (each failure is recorded). Default 5.</summary>
    public int DeliveryAttempts { get; set; } = 5;

    /// <summary>The wait after a channel's first failure; it doubles per failure up to <see cref="MaxDeliveryRetryDelay"/>. Default 2 s.</summary>
    public TimeSpan DeliveryRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait between attempts. Default 5 minutes.</summary>
    public TimeSpan MaxDeliveryRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The most notifications waiting per channel; past it the oldest is dropped and recorded as a failure. Default 10,000.</summary>
    public int MaxQueuedNotifications { get; set; } = 10_000;
}
