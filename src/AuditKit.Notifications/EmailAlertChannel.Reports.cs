using System.Globalization;
using System.Net;
using System.Text;
using AuditKit.Reports;
using MimeKit;

namespace AuditKit.Notifications;

/// <summary>The e-mail of a scheduled report: subject, the facts as text and HTML, and the file attached when it fits.</summary>
internal sealed partial class EmailAlertChannel
{
    /// <summary>
    /// Why the file is not attached, or null when it is: over <paramref name="maxAttachment"/>, or the message would exceed
    /// the server's SIZE (base64 grows the file by 4/3 plus line breaks; 64 KiB is left for the headers and text).
    /// </summary>
    internal static string? AttachmentRefusal(long length, long maxAttachment, long? serverLimit)
    {
        if (length > maxAttachment)
        {
            return $"The file is larger than the {Bytes(maxAttachment)} this channel attaches (EmailChannelOptions.MaxAttachmentBytes).";
        }

        var encoded = (length + 2) / 3 * 4 * 78 / 76 + 64 * 1024;
        return serverLimit is { } limit && encoded > limit
            ? $"The message with the file would be larger than the {Bytes(limit)} the mail server accepts."
            : null;
    }

    /// <summary>The message of one scheduled report.</summary>
    internal static async Task<MimeMessage> ComposeAsync(ReportDelivery delivery, long length, string? refusal, EmailChannelOptions options, CancellationToken cancellationToken)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From));
        foreach (var to in options.To)
        {
            message.To.Add(MailboxAddress.Parse(to));
        }

        message.Subject = OneLine(ReportText.Subject(delivery));
        var facts = ReportText.Facts(delivery, length);
        var note = refusal is null ? "The report is attached." : $"{refusal} It is not attached; it is kept at the path above on the server.";
        var text = new StringBuilder();
        var html = new StringBuilder("<!DOCTYPE html><html><body><table>");
        foreach (var (label, value) in facts)
        {
            text.Append(label).Append(": ").Append(value).Append('\n');
            html.Append(CultureInfo.InvariantCulture, $"<tr><th align=\"left\">{WebUtility.HtmlEncode(label)}</th><td>{WebUtility.HtmlEncode(value)}</td></tr>");
        }

        text.Append('\n').Append(note).Append('\n');
        html.Append("</table><p>").Append(WebUtility.HtmlEncode(note)).Append("</p></body></html>");
        var body = new BodyBuilder { TextBody = text.ToString(), HtmlBody = html.ToString() };
        if (refusal is null)
        {
            var file = new FileStream(delivery.FilePath, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                await body.Attachments.AddAsync(delivery.FileName, file, ContentType.Parse(ReportText.MediaType(delivery.Result)), cancellationToken).ConfigureAwait(false);
            }
        }

        message.Body = body.ToMessageBody();
        return message;
    }

    private static string Bytes(long value) => value >= 1024 * 1024 && value % (1024 * 1024) == 0
        ? $"{value / (1024 * 1024)} MiB"
        : $"{value.ToString("N0", CultureInfo.InvariantCulture)} bytes";
}
