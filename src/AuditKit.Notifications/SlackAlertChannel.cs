using System.Net.Http.Json;
using System.Text;
using AuditKit.Reports;

namespace AuditKit.Notifications;

/// <summary>
/// Posts alerts to a Slack incoming webhook as <c>{"text": …}</c> in mrkdwn. Every value is escaped as Slack documents
/// (<c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c>), so event data cannot mention (<c>&lt;!channel&gt;</c>), link or format;
/// the template's own mrkdwn stays. Retries are the HttpClient's resilience handler's. A scheduled report is a summary
/// (report, schedule, period, rows, evidence) and where its file is kept: Slack webhooks take no files.
/// </summary>
internal sealed class SlackAlertChannel(string name, IHttpClientFactory clients, Uri url) : INotificationChannel
{
    public string Name => name;

    public async Task SendAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        var client = clients.CreateClient(AlertNotificationsBuilder.HttpClientName(name));
        var text = $"*{Escape(notification.Subject)}*\n{notification.Render(Escape)}";
        using var response = await client.PostAsJsonAsync(url, new SlackMessage(text), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    public async Task SendAsync(ReportDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var client = clients.CreateClient(AlertNotificationsBuilder.HttpClientName(name));
        var text = new StringBuilder($"*{Escape(ReportText.Subject(delivery))}*");
        foreach (var (label, value) in ReportText.Facts(delivery, new FileInfo(delivery.FilePath).Length))
        {
            text.Append('\n').Append(label).Append(": ").Append(Escape(value));
        }

        using var response = await client.PostAsJsonAsync(url, new SlackMessage(text.ToString()), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Slack's escaping of mrkdwn text: the three control characters.</summary>
    internal static string Escape(string value) =>
        value.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private sealed record SlackMessage(string Text);
}
