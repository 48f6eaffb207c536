using System.Net.Http.Json;

namespace AuditKit.Notifications;

/// <summary>
/// Posts alerts to a Slack incoming webhook as <c>{"text": …}</c> in mrkdwn. Every value is escaped as Slack documents
/// (<c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c>), so event data cannot mention (<c>&lt;!channel&gt;</c>), link or format;
/// the template's own mrkdwn stays. Retries are the HttpClient's resilience handler's.
/// </summary>
internal sealed class SlackAlertChannel(string name, IHttpClientFactory clients, Uri url) : IAlertChannel
{
    public string Name => name;

    public async Task SendAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        var client = clients.CreateClient(AlertNotificationsBuilder.HttpClientName(name));
        var text = $"*{Escape(notification.Subject)}*\n{notification.Render(Escape)}";
        using var response = await client.PostAsJsonAsync(url, new SlackMessage(text), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Slack's escaping of mrkdwn text: the three control characters.</summary>
    internal static string Escape(string value) =>
        value.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private sealed record SlackMessage(string Text);
}
