using AuditKit.Reports;

namespace AuditKit.Notifications;

/// <summary>A channel of this package: it sends alerts and scheduled reports under one name.</summary>
internal interface INotificationChannel : IAlertChannel, IReportChannel
{
    /// <summary>The channel's name, the same for alerts and reports.</summary>
    new string Name { get; }

    string IAlertChannel.Name => Name;

    string IReportChannel.Name => Name;
}
