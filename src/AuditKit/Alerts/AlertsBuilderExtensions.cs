using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AuditKit;

/// <summary>Adds the alert engine and <see cref="IAuditAlerts"/>; see docs/alerts.md.</summary>
public static class AlertsBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="IAuditAlerts"/> and the alert engine: a committed-log subscription named
    /// <see cref="AlertOptions.SubscriptionName"/> that evaluates the rules of the <see cref="AlertRules"/> settings document
    /// (one instance at a time among those sharing the store) and sends alerts to the registered <see cref="IAlertChannel"/>s.
    /// Calling it again only applies more configuration.
    /// </summary>
    /// <param name="builder">The AuditKit builder.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder.</returns>
    public static IAuditKitBuilder AddAlerts(this IAuditKitBuilder builder, Action<AlertOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<AlertOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(AlertEngine)))
        {
            return builder;
        }

        options.Validate(
                o => o.MaxGroupsPerRule >= 1 && o.MaxEventsPerGroup >= 1 && o.MaxBacktestEvents >= 1 && o.DeliveryAttempts >= 1 && o.MaxQueuedNotifications >= 1,
                "AlertOptions.MaxGroupsPerRule, MaxEventsPerGroup, MaxBacktestEvents, DeliveryAttempts and MaxQueuedNotifications must be at least 1.")
            .Validate(o => o.DeliveryRetryDelay > TimeSpan.Zero && o.MaxDeliveryRetryDelay >= o.DeliveryRetryDelay, "AlertOptions.DeliveryRetryDelay must be positive and not above MaxDeliveryRetryDelay.")
            .ValidateOnStart();
        services.TryAddSingleton<AlertDispatcher>();
        services.TryAddSingleton<AlertEngine>();
        services.TryAddSingleton<IAuditAlerts, AuditAlerts>();
        builder.AddSubscription<AlertEngine>(AlertOptions.SubscriptionName);
        services.AddOptions<AuditSubscriptionOptions>(AlertOptions.SubscriptionName).Configure<IOptions<AlertOptions>>((s, alerts) =>
        {
            s.PollInterval = alerts.Value.PollInterval;
            s.LeaseDuration = alerts.Value.LeaseDuration;
            s.BatchSize = 1_000;
        });
        return builder;
    }
}
