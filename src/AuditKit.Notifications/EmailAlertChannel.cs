using System.Net;
using AuditKit.Reports;
using MailKit.Net.Smtp;
using MimeKit;

namespace AuditKit.Notifications;

/// <summary>
/// Sends alerts by e-mail through MailKit: the subject <c>[High] Mass Data Export</c>, a text part with the message as
/// rendered and an HTML part in which every value is HTML-encoded (the template is the administrator's HTML). One SMTP
/// connection per alert; a failure throws, and the dispatcher records and retries it. Scheduled reports go out as a
/// message with the facts of the report and the file attached when it fits (<see cref="EmailChannelOptions.MaxAttachmentBytes"/>
/// and the server's advertised SIZE limit); a larger file is not attached and the message says where it is kept.
/// </summary>
internal sealed partial class EmailAlertChannel(string name, EmailChannelOptions options) : INotificationChannel
{
    public string Name => name;

    public async Task SendAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        using var message = Compose(notification, options);
        using var client = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
        await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
    }

    public async Task SendAsync(ReportDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        using var client = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        var length = new FileInfo(delivery.FilePath).Length;
        var serverLimit = client.Capabilities.HasFlag(SmtpCapabilities.Size) && client.MaxSize > 0 ? (long?)client.MaxSize : null;
        using var message = await ComposeAsync(delivery, length, AttachmentRefusal(length, options.MaxAttachmentBytes, serverLimit), options, cancellationToken).ConfigureAwait(false);
        await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
        await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
    }

    private async Task<SmtpClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = new SmtpClient { Timeout = (int)options.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(options.Host, options.Port, options.Security, cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(options.UserName))
            {
                await client.AuthenticateAsync(options.UserName, options.Password ?? "", cancellationToken).ConfigureAwait(false);
            }

            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>The message of one alert.</summary>
    internal static MimeMessage Compose(AlertNotification notification, EmailChannelOptions options)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From));
        foreach (var to in options.To)
        {
            message.To.Add(MailboxAddress.Parse(to));
        }

        // Header values are encoded by MimeKit; line breaks of event data are flattened so nothing can start a header.
        message.Subject = OneLine(notification.Subject);
        var text = notification.Text;
        var html = notification.Render(WebUtility.HtmlEncode);
        var body = new BodyBuilder
        {
            TextBody = $"{text}\n\nRule: {notification.RuleName} ({notification.RuleId})\nPriority: {notification.Priority}\nGroup: {notification.Group}\nEvent: {notification.TriggerEvent.DisplayId}\nAlert: {notification.AlertId:D}\n",
            HtmlBody = $"<!DOCTYPE html><html><body><p>{html}</p><table>"
                + $"<tr><th align=\"left\">Rule</th><td>{WebUtility.HtmlEncode(notification.RuleName)}</td></tr>"
                + $"<tr><th align=\"left\">Priority</th><td>{notification.Priority}</td></tr>"
                + $"<tr><th align=\"left\">Group</th><td>{WebUtility.HtmlEncode(notification.Group)}</td></tr>"
                + $"<tr><th align=\"left\">Event</th><td>{WebUtility.HtmlEncode(notification.TriggerEvent.DisplayId)}</td></tr>"
                + $"<tr><th align=\"left\">Alert</th><td>{notification.AlertId:D}</td></tr></table></body></html>",
        };
        message.Body = body.ToMessageBody();
        return message;
    }

    private static string OneLine(string value) => value.Replace('\r', ' ').Replace('\n', ' ');
}
