using System.Globalization;
using System.Text;
using System.Text.Json;
using AuditKit.Notifications.Tests.Support;
using AuditKit.Reports;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using UglyToad.PdfPig;

namespace AuditKit.Notifications.Tests;

/// <summary>
/// Scheduled reports sent through the notification channels, end to end: the report scheduler (hosted service, fake
/// clock) writes the file, then the real in-process SMTP server and a real Kestrel webhook receive it. The attachments
/// are read back with CsvHelper and PdfPig and compared with the events the test recorded.
/// </summary>
public sealed class ReportDeliveryTests
{
    private static readonly DateTimeOffset Day1 = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private TempFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new TempFolder();

    [TearDown]
    public void RemoveFolder() => _folder.Dispose();

    private string Out => _folder.File("out");

    [Test]
    public async Task ScheduledReports_ThroughTheEmailChannel_ArriveWithTheCsvAndPdfAttached_WhoseRowsAreTheRecordedChanges()
    {
        await using var smtp = SmtpSink.Start();
        var time = new FakeTimeProvider(Day1.AddHours(5));
        using var host = await StartAsync(time, n => n.AddEmail("email:compliance", o => Smtp(o, smtp)));
        var changes = await RecordChangesAsync(host);
        await SaveAsync(host,
            new ReportSchedule { Name = "daily-changes-csv", Cron = "0 6 * * *", Report = AuditReportKind.DataChange, Format = AuditReportFormat.Csv, Channels = ["email:compliance"] },
            new ReportSchedule { Name = "daily-changes-pdf", Cron = "0 6 * * *", Report = AuditReportKind.DataChange, Format = AuditReportFormat.Pdf, Channels = ["email:compliance"] });

        await AdvanceUntilAsync(time, () => smtp.Messages.Count == 2);

        var mails = smtp.Messages.OrderBy(m => m.Subject, StringComparer.Ordinal).ToList();
        mails.Select(m => m.Subject).Should().Equal("Scheduled report: Data Change Report (daily-changes-csv)", "Scheduled report: Data Change Report (daily-changes-pdf)");
        mails[0].To.Mailboxes.Select(m => m.Address).Should().Equal("compliance@example.com");
        mails[0].TextBody.Should().Contain("Period: 2026-03-01 06:00 UTC to 2026-03-02 06:00 UTC").And.Contain("Rows: 3 from 2 events").And.Contain("The report is attached.");

        var csv = mails[0].Attachments.OfType<MimePart>().Should().ContainSingle().Subject;
        csv.FileName.Should().Be("daily-changes-csv-20260302T0600Z.csv");
        csv.ContentType.MimeType.Should().Be("text/csv");
        var rows = ReadCsv(Content(csv));
        rows.Select(r => (r["Event ID"], r["Field"], r["Previous Value"], r["New Value"])).Should().BeEquivalentTo(
            [(changes[1].DisplayId, "CreditLimit", "5000", "6234.56"), (changes[1].DisplayId, "PaymentTerms", "Net 30", "Net 45"), (changes[0].DisplayId, "Name", "Acme", "Acme Corporation")],
            "the day before 6 AM: the two changes of 1 and 2 March (three fields), not the older one");
        Content(csv).Should().Equal(await File.ReadAllBytesAsync(Path.Combine(Out, csv.FileName)), "the attachment is the file in the folder");

        var pdf = mails[1].Attachments.OfType<MimePart>().Should().ContainSingle().Subject;
        pdf.ContentType.MimeType.Should().Be("application/pdf");
        using var document = PdfDocument.Open(Content(pdf));
        var text = string.Join("\n", document.GetPages().Select(p => p.Text));
        text.Should().Contain("Data Change Report").And.Contain(changes[0].DisplayId).And.Contain(changes[1].DisplayId).And.Contain("Net 45").And.NotContain(changes[2].DisplayId);
        await host.StopAsync();
    }

    [Test]
    public async Task ScheduledReport_OneWebhookDown_IsRecordedAndAudited_TheFileStaysInTheFolder_AndTheOtherWebhookGetsTheSummary()
    {
        await using var hook = await HookEndpoint.StartAsync();
        var closed = new Uri($"http://127.0.0.1:{SmtpSink.FreePort()}/hook"); // nothing listens there
        var time = new FakeTimeProvider(Day1.AddHours(5));
        using var host = await StartAsync(time, n => n
            .AddWebhook("webhook:down", o =>
            {
                o.Url = closed;
                o.MaxRetryAttempts = 0;
            })
            .AddWebhook("webhook:siem", o => o.Url = hook.Url));
        var changes = await RecordChangesAsync(host);
        await SaveAsync(host, new ReportSchedule
        {
            Name = "daily-changes", Cron = "0 6 * * *", Report = AuditReportKind.DataChange, Format = AuditReportFormat.Csv, Channels = ["webhook:down", "webhook:siem"],
        });

        await AdvanceUntilAsync(time, () => !hook.Bodies.IsEmpty);
        var schedules = host.Services.GetRequiredService<IAuditReportSchedules>();
        await WaitUntilAsync(() => schedules.GetAsync().Result.Schedules.Single().LastRun is not null);

        var file = Path.Combine(Out, "daily-changes-20260302T0600Z.csv");
        File.Exists(file).Should().BeTrue("a failed delivery never loses the file");
        ReadCsv(await File.ReadAllBytesAsync(file)).Select(r => r["Event ID"]).Distinct().Should().BeEquivalentTo([changes[0].DisplayId, changes[1].DisplayId]);

        using (var body = JsonDocument.Parse(hook.Bodies.Single()))
        {
            var root = body.RootElement;
            root.GetProperty("schedule").GetString().Should().Be("daily-changes");
            root.GetProperty("title").GetString().Should().Be("Data Change Report");
            root.GetProperty("kind").GetString().Should().Be("DataChange");
            root.GetProperty("rows").GetInt64().Should().Be(3);
            root.GetProperty("fileName").GetString().Should().Be("daily-changes-20260302T0600Z.csv");
            root.GetProperty("filePath").GetString().Should().Be(file);
            root.GetProperty("fileBytes").GetInt64().Should().Be(new FileInfo(file).Length);
            root.GetProperty("evidenceIntact").GetBoolean().Should().BeTrue();
        }

        var reader = host.Services.GetRequiredService<IAuditReader>();
        var failure = (await reader.QueryAsync(new AuditQuery { Actions = [AuditActions.Error] })).Events.Should().ContainSingle().Subject;
        (failure.Category, failure.Target?.Component).Should().Be((AuditCategory.System, "Reports"));
        failure.Metadata["channel"].GetString().Should().Be("webhook:down");
        failure.Metadata["file"].GetString().Should().Be("daily-changes-20260302T0600Z.csv");
        failure.Message.Should().Contain(file);
        var job = (await reader.QueryAsync(new AuditQuery { Actions = [AuditActions.JobExecuted] })).Events.Should().ContainSingle().Subject;
        (job.Message, job.Outcome).Should().Be(("Scheduled report daily-changes", AuditOutcome.Warning));

        var run = (await schedules.GetAsync()).Schedules.Single().LastRun!;
        (run.Occurrence, run.Outcome, run.FileName, run.Rows).Should().Be((Day1.AddHours(6), AuditOutcome.Warning, "daily-changes-20260302T0600Z.csv", 3L));
        run.Deliveries.Select(d => (d.Channel, d.Delivered)).Should().Equal(("webhook:down", false), ("webhook:siem", true));
        run.Deliveries[0].Error.Should().NotBeNullOrEmpty();
        await host.StopAsync();
    }

    [Test]
    public async Task ScheduledPdf_PastMaxPdfRows_IsKeptAndMailedAsAZipOfPdfVolumes_HoldingEveryRow()
    {
        await using var smtp = SmtpSink.Start();
        var time = new FakeTimeProvider(Day1.AddHours(5));
        using var host = await StartAsync(time, n => n.AddEmail("email:compliance", o => Smtp(o, smtp)), maxPdfRows: 2);
        var changes = await RecordChangesAsync(host);
        await SaveAsync(host, new ReportSchedule { Name = "daily-changes-pdf", Cron = "0 6 * * *", Report = AuditReportKind.DataChange, Format = AuditReportFormat.Pdf, Channels = ["email:compliance"] });

        await AdvanceUntilAsync(time, () => smtp.Messages.Count == 1);

        var attachment = smtp.Messages.Single().Attachments.OfType<MimePart>().Should().ContainSingle().Subject;
        attachment.FileName.Should().Be("daily-changes-pdf-20260302T0600Z.zip", "three rows at two per PDF are two volumes in a ZIP, named as one");
        attachment.ContentType.MimeType.Should().Be("application/zip");
        Directory.GetFiles(Out).Select(Path.GetFileName).Should().Equal(attachment.FileName);
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(Content(attachment)));
        zip.Entries.Should().HaveCount(2);
        var text = string.Join("\n", zip.Entries.Select(e =>
        {
            using var entry = e.Open();
            using var copy = new MemoryStream();
            entry.CopyTo(copy);
            using var document = PdfDocument.Open(copy.ToArray());
            return string.Join("\n", document.GetPages().Select(p => p.Text));
        }));
        text.Should().Contain(changes[0].DisplayId).And.Contain(changes[1].DisplayId).And.Contain("Net 45").And.Contain("Acme Corporation").And.NotContain(changes[2].DisplayId);
        await host.StopAsync();
    }

    [Test]
    public async Task ScheduledReport_LargerThanTheMailServerAccepts_ArrivesWithoutTheFile_SayingWhereItIsKept()
    {
        // The server advertises SIZE 60000: the message with any file and the room kept for text would exceed it.
        await using var smtp = SmtpSink.Start(maxMessageSize: 60_000);
        var time = new FakeTimeProvider(Day1.AddHours(5));
        using var host = await StartAsync(time, n => n.AddEmail("email:compliance", o => Smtp(o, smtp)));
        await RecordChangesAsync(host);
        await SaveAsync(host, new ReportSchedule { Name = "daily-changes", Cron = "0 6 * * *", Report = AuditReportKind.DataChange, Format = AuditReportFormat.Csv, Channels = ["email:compliance"] });

        await AdvanceUntilAsync(time, () => !smtp.Messages.IsEmpty);

        var mail = smtp.Messages.Single();
        mail.Attachments.Should().BeEmpty();
        var file = Path.Combine(Out, "daily-changes-20260302T0600Z.csv");
        mail.TextBody.Should().Contain("larger than the 60,000 bytes the mail server accepts").And.Contain($"Kept at: {file}");
        File.Exists(file).Should().BeTrue();
        await host.StopAsync();
    }

    [TestCase(1_000, 10_485_760, null, false)]
    [TestCase(10_485_761, 10_485_760, null, true)]
    [TestCase(1_000, 10_485_760, 60_000L, true)]
    [TestCase(1_000_000, 10_485_760, 1_500_000L, false)]
    [TestCase(1_200_000, 10_485_760, 1_500_000L, true)]
    public void AttachmentRefusal_ChecksTheOptionAndTheServersSizeWithBase64Growth(long length, long max, long? server, bool refused) =>
        (EmailAlertChannel.AttachmentRefusal(length, max, server) is not null).Should().Be(refused);

    private static void Smtp(EmailChannelOptions o, SmtpSink smtp)
    {
        o.Host = "127.0.0.1";
        o.Port = smtp.Port;
        o.Security = MailKit.Security.SecureSocketOptions.None;
        o.From = "reports@example.com";
        o.To = ["compliance@example.com"];
    }

    // Three changes: one the day before the run's range, then 1 March 09:00 (one field) and 2 March 01:00 (two fields).
    private static async Task<AuditEvent[]> RecordChangesAsync(IHost host)
    {
        var log = host.Services.GetRequiredService<IAuditLog>();
        var first = await log.RecordAsync(AuditEvents.Updated("Customer", "CUST-1", "Acme Corporation", [new FieldChange("Name", "Acme", "Acme Corporation")]) with { Timestamp = Day1.AddHours(-15) });
        var second = await log.RecordAsync(AuditEvents.Updated("Customer", "CUST-2", "Globex", [new FieldChange("CreditLimit", "5000", "6234.56"), new FieldChange("PaymentTerms", "Net 30", "Net 45")]) with { Timestamp = Day1.AddHours(1) });
        var older = await log.RecordAsync(AuditEvents.Updated("Customer", "CUST-3", "Initech", [new FieldChange("Name", "a", "b")]) with { Timestamp = Day1.AddDays(-3) });
        return [first, second, older];
    }

    private static async Task SaveAsync(IHost host, params ReportSchedule[] schedules)
    {
        var service = host.Services.GetRequiredService<IAuditReportSchedules>();
        await service.SaveAsync(schedules, (await service.GetAsync()).Version);
    }

    private async Task<IHost> StartAsync(FakeTimeProvider time, Action<AlertNotificationsBuilder> channels, long maxPdfRows = 25_000)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time));
        builder.Services.AddAuditKit(a => a
            .UseSqlite($"Data Source={_folder.File("audit.db")}")
            .AddReports(o =>
            {
                o.ScheduleDirectory = Out;
                o.SchedulePollInterval = TimeSpan.FromMinutes(10);
                o.MaxPdfRows = maxPdfRows;
            })
            .AddNotifications(channels));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static byte[] Content(MimePart part)
    {
        using var output = new MemoryStream();
        part.Content!.DecodeTo(output);
        return output.ToArray();
    }

    private static List<Dictionary<string, string>> ReadCsv(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture));
        csv.Read();
        csv.ReadHeader();
        var header = csv.HeaderRecord!;
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
        {
            rows.Add(header.ToDictionary(h => h, h => csv.GetField(h)!, StringComparer.Ordinal));
        }

        return rows;
    }

    /// <summary>
    /// Moves the fake clock in 10-minute steps (letting the scheduler's loop run between them) until the condition holds,
    /// at most to 8 AM, and no further once a run has begun (its file is created first): the channels' timeouts run on
    /// the same clock, so moving it on while a mail or a request is in flight would time that delivery out.
    /// </summary>
    private async Task AdvanceUntilAsync(FakeTimeProvider time, Func<bool> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            clock.Elapsed.Should().BeLessThan(Patience, "the condition should hold by now (clock {0:O}, files [{1}])", time.GetUtcNow(),
                Directory.Exists(Out) ? string.Join(", ", Directory.EnumerateFiles(Out).Select(Path.GetFileName)) : "");
            var begun = Directory.Exists(Out) && Directory.EnumerateFiles(Out).Any();
            if (!begun && time.GetUtcNow() < Day1.AddHours(8))
            {
                time.Advance(TimeSpan.FromMinutes(10));
            }

            await Task.Delay(100);
        }
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
