using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace AuditKit.Notifications;

/// <summary>
/// Adds notification channels (<c>audit.AddNotifications(n => n.AddEmail(...).AddSlack(...))</c>). Each channel serves
/// alert rules (<see cref="IAlertChannel"/>, <see cref="AlertRule.Channels"/>) and report schedules
/// (<see cref="AuditKit.Reports.IReportChannel"/>, <see cref="AuditKit.Reports.ReportSchedule.Channels"/>) under the same name.
/// </summary>
public sealed class AlertNotificationsBuilder
{
    internal AlertNotificationsBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>An e-mail channel named <paramref name="name"/> (rules list it in <see cref="AlertRule.Channels"/>).</summary>
    /// <param name="name">The channel's name (<c>email:security</c>).</param>
    /// <param name="configure">Sets the SMTP server, sender and recipients.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The host, sender or recipients are missing or invalid (named in the message).</exception>
    public AlertNotificationsBuilder AddEmail(string name, Action<EmailChannelOptions> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new EmailChannelOptions();
        configure(options);
        if (string.IsNullOrWhiteSpace(options.Host))
        {
            throw new ArgumentException($"EmailChannelOptions.Host of channel '{name}' is required.", nameof(configure));
        }

        if (!MimeKit.MailboxAddress.TryParse(options.From, out _) || options.To.Count == 0 || !options.To.TrueForAll(t => MimeKit.MailboxAddress.TryParse(t, out _)))
        {
            throw new ArgumentException($"EmailChannelOptions.From and EmailChannelOptions.To of channel '{name}' must be valid addresses (at least one recipient).", nameof(configure));
        }

        if (options.MaxAttachmentBytes < 0)
        {
            throw new ArgumentException($"EmailChannelOptions.MaxAttachmentBytes of channel '{name}' must not be negative.", nameof(configure));
        }

        var channel = new EmailAlertChannel(name, options);
        Services.AddSingleton<IAlertChannel>(channel);
        Services.AddSingleton<AuditKit.Reports.IReportChannel>(channel);
        return this;
    }

    /// <summary>A Slack incoming webhook channel.</summary>
    /// <param name="name">The channel's name (<c>slack:security-alerts</c>).</param>
    /// <param name="configure">Sets the webhook URL and retries.</param>
    /// <returns>This builder.</returns>
    public AlertNotificationsBuilder AddSlack(string name, Action<WebhookChannelOptions> configure) =>
        AddHttp(name, configure, (clients, url) => new SlackAlertChannel(name, clients, url));

    /// <summary>A generic JSON webhook channel (the body is a <see cref="WebhookAlert"/>).</summary>
    /// <param name="name">The channel's name (<c>webhook:siem</c>).</param>
    /// <param name="configure">Sets the URL and retries.</param>
    /// <returns>This builder.</returns>
    public AlertNotificationsBuilder AddWebhook(string name, Action<WebhookChannelOptions> configure) =>
        AddHttp(name, configure, (clients, url) => new WebhookAlertChannel(name, clients, url));

    /// <summary>The name of a channel's HttpClient (<c>AuditKit.Notifications.&lt;name&gt;</c>), to add handlers to.</summary>
    /// <param name="channel">The channel's name.</param>
    /// <returns>The client's name.</returns>
    public static string HttpClientName(string channel) => "AuditKit.Notifications." + channel;

    private AlertNotificationsBuilder AddHttp(string name, Action<WebhookChannelOptions> configure, Func<IHttpClientFactory, Uri, INotificationChannel> create)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new WebhookChannelOptions();
        configure(options);
        if (options.Url is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"WebhookChannelOptions.Url of channel '{name}' must be an absolute http(s) URL.", nameof(configure));
        }

        if (options.MaxRetryAttempts < 0 || options.RetryDelay < TimeSpan.Zero)
        {
            throw new ArgumentException($"WebhookChannelOptions.MaxRetryAttempts and RetryDelay of channel '{name}' must not be negative.", nameof(configure));
        }

        var http = Services.AddHttpClient(HttpClientName(name));
        if (options.MaxRetryAttempts > 0)
        {
            http.AddStandardResilienceHandler(o =>
            {
                o.Retry.MaxRetryAttempts = options.MaxRetryAttempts;
                o.Retry.Delay = options.RetryDelay;
            });
        }

        // One instance serves alerts and reports.
        var key = HttpClientName(name);
        Services.AddKeyedSingleton(key, (sp, _) => create(sp.GetRequiredService<IHttpClientFactory>(), url));
        Services.AddSingleton<IAlertChannel>(sp => sp.GetRequiredKeyedService<INotificationChannel>(key));
        Services.AddSingleton<AuditKit.Reports.IReportChannel>(sp => sp.GetRequiredKeyedService<INotificationChannel>(key));
        return this;
    }
}
