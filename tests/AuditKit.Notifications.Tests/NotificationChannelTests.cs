using System.Text.Json;
using AuditKit.Notifications.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuditKit.Notifications.Tests;

/// <summary>
/// The channels against real servers in the test process: an SMTP server (SmtpServer) that receives and parses the mail,
/// and Kestrel on 127.0.0.1 for Slack and webhooks. Event data is hostile: it must not inject markup or mentions.
/// </summary>
public sealed class NotificationChannelTests
{
    private const string Hostile = "<!channel> <b>Eve</b> & <https://evil.example|click>";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly AuditActor Eve = new("eve", Hostile);
    private TempFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new TempFolder();

    [TearDown]
    public void RemoveFolder() => _folder.Dispose();

    [Test]
    public async Task Email_AlertFromTheEngine_ArrivesWithSubjectAndEscapedHtmlAndTextParts()
    {
        await using var smtp = SmtpSink.Start();
        using var host = await StartAsync(n => n.AddEmail("email:security", o =>
        {
            o.Host = "127.0.0.1";
            o.Port = smtp.Port;
            o.Security = MailKit.Security.SecureSocketOptions.None;
            o.From = "alerts@example.com";
            o.To = ["security@example.com", "admin@example.com"];
        }));
        await SaveRuleAsync(host, "email:security");

        var export = await host.Services.GetRequiredService<IAuditLog>().RecordAsync(AuditEvents.Export("Customer", 5000) with { Actor = Eve });
        await WaitUntilAsync(() => !smtp.Messages.IsEmpty);

        var mail = smtp.Messages.Single();
        mail.Subject.Should().Be("[High] Mass Data Export");
        mail.From.Mailboxes.Single().Address.Should().Be("alerts@example.com");
        mail.To.Mailboxes.Select(m => m.Address).Should().Equal("security@example.com", "admin@example.com");
        var at = export.Timestamp.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " UTC";
        mail.TextBody.Should().StartWith($"Large data export detected: {Hostile} exported 5000 Customer records at {at}. Review immediately.");
        mail.HtmlBody.Should().Contain("<p>Large data export detected: &lt;!channel&gt; &lt;b&gt;Eve&lt;/b&gt; &amp; &lt;https://evil.example|click&gt; exported 5000 Customer records at " + at + ". Review immediately.</p>");
        mail.HtmlBody.Should().NotContain("<b>Eve</b>");
        await host.StopAsync();
    }

    [Test]
    public async Task Slack_HostileValues_CannotMentionLinkOrFormat()
    {
        await using var hook = await HookEndpoint.StartAsync();
        using var host = await StartAsync(n => n.AddSlack("slack:security-alerts", o => o.Url = hook.Url));
        var channel = host.Services.GetServices<IAlertChannel>().Single(c => c.Name == "slack:security-alerts");

        await channel.SendAsync(Notification("Large export: {user_name} exported {record_count} <!here>"), CancellationToken.None);

        using var body = JsonDocument.Parse(hook.Bodies.Single());
        body.RootElement.GetProperty("text").GetString().Should().Be(
            "*[High] Mass Data Export*\nLarge export: &lt;!channel&gt; &lt;b&gt;Eve&lt;/b&gt; &amp; &lt;https://evil.example|click&gt; exported 5000 <!here>",
            "the event's values are escaped; the administrator's template keeps its own mention");
        await host.StopAsync();
    }

    [Test]
    public async Task Webhook_TwoServerErrors_TheResilienceHandlerRetriesAndTheJsonArrivesOnce()
    {
        await using var hook = await HookEndpoint.StartAsync(failures: 2);
        using var host = await StartAsync(n => n.AddWebhook("webhook:siem", o =>
        {
            o.Url = hook.Url;
            o.RetryDelay = TimeSpan.FromMilliseconds(10);
        }));
        var channel = host.Services.GetServices<IAlertChannel>().Single(c => c.Name == "webhook:siem");
        var notification = Notification("{user_name} exported {record_count}");

        await channel.SendAsync(notification, CancellationToken.None);

        hook.Posts.Should().Be(3, "two 503s, then success, inside one send");
        using var body = JsonDocument.Parse(hook.Bodies.Single());
        var root = body.RootElement;
        root.GetProperty("alertId").GetGuid().Should().Be(notification.AlertId);
        root.GetProperty("ruleId").GetString().Should().Be("mass-data-export");
        root.GetProperty("priority").GetString().Should().Be("High");
        root.GetProperty("message").GetString().Should().Be($"{Hostile} exported 5000", "JSON carries the text as it is; the serializer escapes it");
        root.GetProperty("event").GetProperty("actorName").GetString().Should().Be(Hostile);
        await host.StopAsync();
    }

    [Test]
    public async Task FailingWebhook_IsRecordedAsASystemEventAndTheEmailStillArrives()
    {
        await using var smtp = SmtpSink.Start();
        var closed = new Uri($"http://127.0.0.1:{SmtpSink.FreePort()}/hook"); // nothing listens there
        using var host = await StartAsync(n => n
            .AddWebhook("webhook:down", o =>
            {
                o.Url = closed;
                o.MaxRetryAttempts = 0;
            })
            .AddEmail("email:security", o =>
            {
                o.Host = "127.0.0.1";
                o.Port = smtp.Port;
                o.Security = MailKit.Security.SecureSocketOptions.None;
                o.From = "alerts@example.com";
                o.To = ["security@example.com"];
            }));
        await SaveRuleAsync(host, "webhook:down", "email:security");

        await host.Services.GetRequiredService<IAuditLog>().RecordAsync(AuditEvents.Export("Customer", 5000) with { Actor = Eve });
        await WaitUntilAsync(() => !smtp.Messages.IsEmpty);
        var reader = host.Services.GetRequiredService<IAuditReader>();
        await WaitUntilAsync(() => reader.CountAsync(new AuditQuery { Actions = [AuditActions.Error] }).Result >= 1);

        var failure = (await reader.QueryAsync(new AuditQuery { Actions = [AuditActions.Error] })).Events.Last();
        failure.Category.Should().Be(AuditCategory.System);
        failure.Target!.Component.Should().Be("Notifications");
        failure.Metadata["channel"].GetString().Should().Be("webhook:down");
        failure.Metadata["attempt"].GetInt32().Should().Be(1);
        smtp.Messages.Should().ContainSingle("the failing webhook held nobody up");
        await host.StopAsync();
    }

    private static AlertNotification Notification(string template) => new()
    {
        AlertId = Guid.NewGuid(),
        RuleId = "mass-data-export",
        RuleName = "Mass Data Export",
        Priority = AlertPriority.High,
        Template = template,
        TriggerEvent = AuditEvents.Export("Customer", 5000) with { Actor = Eve, Timestamp = new DateTimeOffset(2026, 3, 9, 12, 0, 0, TimeSpan.Zero) },
        Value = 1,
        Group = "actor.id=eve",
        TriggeredAt = new DateTimeOffset(2026, 3, 9, 12, 0, 1, TimeSpan.Zero),
    };

    private async Task<IHost> StartAsync(Action<AlertNotificationsBuilder> channels)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddAuditKit(a => a
            .UseSqlite($"Data Source={_folder.File("audit.db")}")
            .AddAlerts(o =>
            {
                o.PollInterval = TimeSpan.FromMilliseconds(100);
                o.DeliveryRetryDelay = TimeSpan.FromMinutes(4); // one attempt within the test
            })
            .AddNotifications(channels));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static Task SaveRuleAsync(IHost host, params string[] channels)
    {
        var rule = AlertRuleTemplates.MassDataExport();
        rule.Channels = [.. channels];
        return host.Services.GetRequiredService<IAuditAlerts>().SaveRuleAsync("mass-data-export", rule, 0);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            clock.Elapsed.Should().BeLessThan(Patience, "the condition should hold by now");
            await Task.Delay(50);
        }
    }
}
