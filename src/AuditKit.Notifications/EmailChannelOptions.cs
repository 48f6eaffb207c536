using MailKit.Security;

namespace AuditKit.Notifications;

/// <summary>Where and how the e-mail channel sends (<see cref="AlertNotificationsBuilder.AddEmail"/>).</summary>
public sealed class EmailChannelOptions
{
    /// <summary>The SMTP server's host name.</summary>
    public string Host { get; set; } = "";

    /// <summary>The SMTP port. Default 587.</summary>
    public int Port { get; set; } = 587;

    /// <summary>TLS: <see cref="SecureSocketOptions.StartTls"/> by default; <see cref="SecureSocketOptions.None"/> only for a local relay.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTls;

    /// <summary>The user name to authenticate with, if the server requires it.</summary>
    public string? UserName { get; set; }

    /// <summary>The password.</summary>
    public string? Password { get; set; }

    /// <summary>The sender address (<c>alerts@example.com</c>).</summary>
    public string From { get; set; } = "";

    /// <summary>The recipients.</summary>
    public List<string> To { get; set; } = [];

    /// <summary>
    /// The largest report file attached to a scheduled report's message, in bytes. Default 10 MiB: base64 makes the
    /// message a third larger (about 13.7 MB), under the 20–25 MB most mail services accept. A larger file, or one whose
    /// message would exceed the SIZE the server advertises, is not attached; the message says where it is kept.
    /// </summary>
    public long MaxAttachmentBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>How long one send may take. Default 30 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
