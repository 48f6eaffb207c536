using AuditKit.Notifications;

namespace AuditKit;

/// <summary>Adds AuditKit.Notifications' channels (in the <c>AuditKit</c> namespace, beside <c>AddAlerts</c>).</summary>
public static class NotificationsBuilderExtensions
{
    /// <summary>Registers notification channels for alert rules; also adds the alert engine (<c>AddAlerts()</c>) when it is not added yet.</summary>
    /// <param name="builder">The AuditKit builder.</param>
    /// <param name="configure">Adds the channels.</param>
    /// <returns>The builder.</returns>
    public static IAuditKitBuilder AddNotifications(this IAuditKitBuilder builder, Action<AlertNotificationsBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.AddAlerts();
        configure(new AlertNotificationsBuilder(builder.Services));
        return builder;
    }
}
