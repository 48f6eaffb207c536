using System.Net.Http.Json;
using AuditKit.Reports;

namespace AuditKit.Notifications;

/// <summary>
/// Posts alerts as JSON to a webhook (<see cref="WebhookAlert"/>): values are JSON strings, escaped by the serializer, and
/// the message is the plain rendering. Retries are the HttpClient's resilience handler's; the receiver de-duplicates by
/// <c>alertId</c>. A scheduled report is posted as a <see cref="WebhookReport"/>: its facts and where its file is kept.
/// </summary>
internal sealed class WebhookAlertChannel(string name, IHttpClientFactory clients, Uri url) : INotificationChannel
{
    public string Name => name;

    public async Task SendAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        var client = clients.CreateClient(AlertNotificationsBuilder.HttpClientName(name));
        var e = notification.TriggerEvent;
        var body = new WebhookAlert(
            notification.AlertId, notification.RuleId, notification.RuleName, notification.Priority.ToString(), notification.Text,
            notification.Group, notification.Value, notification.SuppressedBefore, notification.TenantId, notification.TriggeredAt,
            new WebhookEvent(e.Id, e.DisplayId, e.Timestamp, e.Category.ToString(), e.Action, e.Outcome.ToString(), e.Actor?.Id, e.Actor?.Name, e.Target?.EntityType, e.Target?.RecordId, e.Client?.IpAddress));
        using var response = await client.PostAsJsonAsync(url, body, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    public async Task SendAsync(ReportDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var client = clients.CreateClient(AlertNotificationsBuilder.HttpClientName(name));
        var (r, q) = (delivery.Result, delivery.Request);
        var body = new WebhookReport(
            delivery.Schedule, r.Title, q.Kind.ToString(), r.Format.ToString(), q.From, q.To, q.TenantId, r.Rows, r.Events, r.GeneratedAt,
            r.Evidence.Intact, delivery.FileName, delivery.FilePath, new FileInfo(delivery.FilePath).Length);
        using var response = await client.PostAsJsonAsync(url, body, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }
}

/// <summary>The JSON a webhook receives (camelCase).</summary>
/// <param name="AlertId">The alert's id (de-duplicate by it).</param>
/// <param name="RuleId">The rule's id.</param>
/// <param name="RuleName">The rule's name.</param>
/// <param name="Priority">Low, Medium, High or Critical.</param>
/// <param name="Message">The rendered message, plain text.</param>
/// <param name="Group">The group.</param>
/// <param name="Value">The measured value.</param>
/// <param name="Suppressed">Repeats suppressed since the group's previous alert.</param>
/// <param name="TenantId">The tenant.</param>
/// <param name="TriggeredAt">When the alert was raised.</param>
/// <param name="Event">The event that completed the rule.</param>
public sealed record WebhookAlert(Guid AlertId, string RuleId, string RuleName, string Priority, string Message, string Group, double Value, long Suppressed, string? TenantId, DateTimeOffset TriggeredAt, WebhookEvent Event);

/// <summary>The triggering event as a webhook receives it.</summary>
/// <param name="Id">The event's id.</param>
/// <param name="DisplayId">Its display id.</param>
/// <param name="Timestamp">When it happened.</param>
/// <param name="Category">Its category.</param>
/// <param name="Action">Its action.</param>
/// <param name="Outcome">Its outcome.</param>
/// <param name="ActorId">The actor's id.</param>
/// <param name="ActorName">The actor's name.</param>
/// <param name="EntityType">The target's entity type.</param>
/// <param name="RecordId">The target's record id.</param>
/// <param name="IpAddress">The client's IP address.</param>
public sealed record WebhookEvent(Guid Id, string DisplayId, DateTimeOffset Timestamp, string Category, string Action, string Outcome, string? ActorId, string? ActorName, string? EntityType, string? RecordId, string? IpAddress);
