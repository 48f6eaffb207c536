using System.Net;
using System.Net.Sockets;
using System.Text;
using AuditKit.Interop;
using AuditKit.Interop.Tests.Support;

namespace AuditKit.Interop.Tests;

public sealed class SyslogForwardingTests
{
    private static readonly InteropProduct Product = new("Acme", "ERP", "2.1");
    private static readonly DateTimeOffset At = new(2026, 3, 1, 10, 15, 30, 123, TimeSpan.Zero);
    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp() => _folder = new TempFolder();

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [Test]
    public async Task SyslogTls_CommittedEvents_ArriveAsOctetCountedRfc5424MessagesWithCef()
    {
        await using var receiver = new SyslogTcpReceiver(tls: true);
        using var host = await InteropHost.StartAsync(_folder.File("audit.db"), a => a.AddSyslogForwarding(
            o =>
            {
                o.Host = "127.0.0.1";
                o.Port = receiver.Port;
                o.TargetHost = "localhost";
                o.Hostname = "erp-01";
                o.Product = Product;
                o.ServerCertificateValidation = (_, certificate, _, _) => certificate!.GetCertHashString() == receiver.Certificate!.GetCertHashString();
            },
            InteropHost.Fast));

        var login = await host.Log().RecordAsync(new AuditEvent(AuditCategory.Security, AuditActions.LoginFailed)
        {
            Timestamp = At,
            Outcome = AuditOutcome.Failure,
            Risk = RiskLevel.Medium,
            Message = "Login Failed",
            Actor = new AuditActor("u-7", "Sarah Chen"),
        });
        var change = await host.Log().RecordAsync(new AuditEvent(AuditCategory.RecordChange, AuditActions.Update)
        {
            Timestamp = At.AddSeconds(1),
            Message = "multi\nline | with = signs \"and\" ] brackets",
            Target = new AuditTarget("Customer", "C-1"),
        });

        await InteropHost.WaitUntilAsync(() => receiver.Frames.Count >= 2, "both events reached the collector");

        var messages = receiver.Messages.ToList();
        messages.Should().HaveCount(2);
        messages[0].Should().Be(
            $"<108>1 2026-03-01T10:15:30.123000Z erp-01 ERP - LoginFailed [auditkit@32473 id=\"{login.Id:D}\" stream=\"{login.StreamId}\" seq=\"{login.Sequence}\"] \uFEFF" +
            $"CEF:0|Acme|ERP|2.1|Security:LoginFailed|Login Failed|5|rt=1772360130123 externalId={login.Id:D} cat=Security act=LoginFailed outcome=Failure msg=Login Failed suid=u-7 suser=Sarah Chen " +
            $"cs4Label=displayId cs4={login.DisplayId} cn1Label=sequence cn1={login.Sequence}");
        messages[1].Should().Be(
            $"<110>1 2026-03-01T10:15:31.123000Z erp-01 ERP - Update [auditkit@32473 id=\"{change.Id:D}\" stream=\"{change.StreamId}\" seq=\"{change.Sequence}\"] \uFEFF" +
            $"CEF:0|Acme|ERP|2.1|RecordChange:Update|multi line \\| with = signs \"and\" ] brackets|1|rt=1772360131123 externalId={change.Id:D} cat=RecordChange act=Update outcome=Success " +
            $"msg=multi\\nline | with \\= signs \"and\" ] brackets duid=C-1 cs1Label=entityType cs1=Customer cs4Label=displayId cs4={change.DisplayId} cn1Label=sequence cn1={change.Sequence}");
    }

    [Test]
    public async Task SyslogTcp_CollectorDownThenBack_DeliversEveryEventAfterwards()
    {
        var port = FreePort();
        using var host = await InteropHost.StartAsync(_folder.File("audit.db"), a => a.AddSyslogForwarding(
            o =>
            {
                o.Host = "127.0.0.1";
                o.Port = port;
                o.Transport = SyslogTransport.Tcp;
                o.Format = ForwardingFormat.Ocsf;
            },
            InteropHost.Fast));
        var ids = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add((await host.Log().RecordAsync(new AuditEvent(AuditCategory.UserAction, "Custom") { Message = $"m{i}" })).Id);
        }

        await Task.Delay(500); // the forwarder fails to connect and retries meanwhile
        await using var receiver = new SyslogTcpReceiver(tls: false, port);

        await InteropHost.WaitUntilAsync(() => ReceivedIds(receiver).Count == ids.Count, "every event arrived once the collector listened");
        ReceivedIds(receiver).Should().BeEquivalentTo(ids);
    }

    [Test]
    public async Task SyslogUdp_Events_ArriveOneADatagramAndALongOneIsCutToTheLimit()
    {
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)udp.Client.LocalEndPoint!).Port;
        using var host = await InteropHost.StartAsync(_folder.File("audit.db"), a => a.AddSyslogForwarding(
            o =>
            {
                o.Host = "127.0.0.1";
                o.Port = port;
                o.Transport = SyslogTransport.Udp;
                o.MaxUdpMessageBytes = 1000;
                o.Hostname = "h";
            },
            InteropHost.Fast));

        var small = await host.Log().RecordAsync(new AuditEvent(AuditCategory.UserAction, "Small") { Timestamp = At, Message = "ok" });
        var large = await host.Log().RecordAsync(new AuditEvent(AuditCategory.UserAction, "Large") { Timestamp = At, Message = new string('é', 3000) });

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var first = await udp.ReceiveAsync(timeout.Token);
        var second = await udp.ReceiveAsync(timeout.Token);

        var a = Encoding.UTF8.GetString(first.Buffer);
        a.Should().StartWith($"<110>1 2026-03-01T10:15:30.123000Z h AuditKit - Small [auditkit@32473 id=\"{small.Id:D}\"");
        a.Should().EndWith("msg=ok" + $" cs4Label=displayId cs4={small.DisplayId} cn1Label=sequence cn1={small.Sequence}");
        second.Buffer.Length.Should().BeInRange(999, 1000, "the body is cut to the datagram limit at a character boundary ('é' is two bytes)");
        var b = Encoding.UTF8.GetString(second.Buffer);
        b.Should().NotContain("\uFFFD", "no UTF-8 sequence is split");
        b.Should().Contain($"id=\"{large.Id:D}\"");
    }

    private static HashSet<Guid> ReceivedIds(SyslogTcpReceiver receiver) =>
        receiver.Messages.Select(m => System.Text.Json.Nodes.JsonNode.Parse(m[(m.IndexOf('\uFEFF') + 1)..])!["metadata"]!["uid"]!.GetValue<Guid>()).ToHashSet();

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
