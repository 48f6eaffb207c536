namespace AuditKit;

/// <summary>Options of one named subscription (<see cref="AuditSubscriptionBuilderExtensions.AddSubscription{THandler}"/>).</summary>
public sealed class AuditSubscriptionOptions
{
    /// <summary>The most events one <see cref="IAuditSubscriber.HandleAsync"/> call receives. Default 500; 1 to 10,000.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>How long to wait before looking again once every stream is delivered. Default 1 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long this instance's hold on the subscription lasts without renewal; another instance takes the subscription
    /// over once it has expired. The holder renews it with every position it saves and at least every half lease.
    /// A handler call gets at most what is left of the lease. Default 30 s; at least 1 s, and more than
    /// <see cref="PollInterval"/>.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The first wait after a handler failure; it doubles with each failure in a row up to <see cref="MaxRetryDelay"/>. Default 1 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between retries. Default 1 minute.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Where a subscription that has never run starts: false (default) delivers every stored event from the start of
    /// each stream; true starts after each stream's head as of the host's first start, so an event recorded once the host has
    /// started is delivered (streams created later start at their first event).
    /// </summary>
    public bool StartAtEnd { get; set; }
}
