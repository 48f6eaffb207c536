using AuditKit.Interop;
using AuditKit.Interop.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditKit.Interop.Tests;

public sealed class OtlpForwardingTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp() => _folder = new TempFolder();

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [Test]
    public async Task OtlpForwarding_CommittedEvents_ArriveAsLogRecordsWithSemanticConventionAttributes()
    {
        await using var receiver = await HttpReceiver.StartAsync(refuseFirst: 1);
        using var host = await InteropHost.StartAsync(_folder.File("audit.db"), a => a.AddOtlpForwarding(
            o => o.Endpoint = new Uri(receiver.BaseAddress, "v1/logs"),
            InteropHost.Fast));
        var at = new DateTimeOffset(2026, 3, 1, 10, 15, 30, 123, TimeSpan.Zero);

        var login = await host.Log().RecordAsync(new AuditEvent(AuditCategory.UserAction, AuditActions.Login)
        {
            Timestamp = at,
            Risk = RiskLevel.High,
            Message = "Login Success",
            Actor = new AuditActor("u-7", "Sarah"),
            Client = new AuditClient("198.51.100.4", UserAgent: "curl/8", SessionId: "sess-9"),
            TraceId = "0af7651916cd43dd8448eb211c80319c",
        });

        await InteropHost.WaitUntilAsync(() => Records(receiver).Count >= 1, "the collector received the record");

        receiver.Refused.Should().Be(1, "the refused export made the subscription deliver the batch again");
        var request = receiver.Requests.First();
        request.Path.Should().Be("/v1/logs");
        request.ContentType.Should().Be("application/x-protobuf");
        var record = Records(receiver).Single();
        record.TimeUnixNano.Should().Be(1772360130123000000UL);
        record.SeverityNumber.Should().Be(17);
        record.SeverityText.Should().Be("Error");
        record.Body.Should().Be("Login Success");
        record.Attributes["auditkit.trace_id"].Should().Be("0af7651916cd43dd8448eb211c80319c");
        record.Attributes["user.id"].Should().Be("u-7");
        record.Attributes["client.address"].Should().Be("198.51.100.4");
        record.Attributes["user_agent.original"].Should().Be("curl/8");
        record.Attributes["session.id"].Should().Be("sess-9");
        record.Attributes["auditkit.event.id"].Should().Be(login.Id.ToString("D"));
        record.Attributes["auditkit.sequence"].Should().Be(login.Sequence);
        record.Attributes["auditkit.action"].Should().Be("Login");
        host.Services.GetRequiredService<IAuditForwardingBackfill>().Forwardings.Should().Contain(OtlpForwardingBuilderExtensions.OtlpName);
    }

    [Test]
    public async Task OtlpForwarding_CollectorRefusesAfterASecondAndAHalf_TheBatchIsNotCountedAsDeliveredAndComesAgain()
    {
        // The SDK's flush returns once the records have left its queue, while the export is still waiting for the
        // collector's answer: a slow refusal must still make the batch come again, not be lost.
        await using var receiver = await HttpReceiver.StartAsync(refuseFirst: 1, refuseAfter: TimeSpan.FromSeconds(1.5));
        using var host = await InteropHost.StartAsync(_folder.File("audit.db"), a => a.AddOtlpForwarding(
            o => o.Endpoint = new Uri(receiver.BaseAddress, "v1/logs"),
            InteropHost.Fast));

        var e = await host.Log().RecordAsync(new AuditEvent(AuditCategory.UserAction, AuditActions.Login) { Message = "Login Success" });

        await InteropHost.WaitUntilAsync(() => Records(receiver).Count >= 1, "the refused batch was delivered again");
        receiver.Refused.Should().Be(1);
        Records(receiver).Single().Attributes["auditkit.event.id"].Should().Be(e.Id.ToString("D"));
    }

    private static List<OtlpLogsDecoder.Record> Records(HttpReceiver receiver) =>
        receiver.Requests.SelectMany(r => OtlpLogsDecoder.Decode(r.Body)).ToList();
}
