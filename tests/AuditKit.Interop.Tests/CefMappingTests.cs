using AuditKit.Interop;

namespace AuditKit.Interop.Tests;

// Expected lines are written by hand from the CEF rules: header fields escape \ and |, extension values escape \, = and
// line breaks (as \n and \r).
public sealed class CefMappingTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 10, 15, 30, 123, TimeSpan.Zero);
    private static readonly InteropProduct Product = new("Acme", "ERP Audit", "2.1");

    [Test]
    public void Format_LoginFailed_GivesHeaderAndExtension()
    {
        var e = new AuditEvent(AuditCategory.Security, AuditActions.LoginFailed)
        {
            Timestamp = At,
            Outcome = AuditOutcome.Failure,
            Risk = RiskLevel.High,
            Message = "Login Failed",
            Actor = new AuditActor("u-7", "Sarah Chen", Role: "Manager"),
            Client = new AuditClient("203.0.113.9", UserAgent: "Mozilla/5.0 (X11)", SessionId: "s-1"),
            TenantId = "t1",
        };

        CefMapping.Format(e, Product).Should().Be(
            "CEF:0|Acme|ERP Audit|2.1|Security:LoginFailed|Login Failed|8|" +
            "rt=1772360130123 cat=Security act=LoginFailed outcome=Failure msg=Login Failed suid=u-7 suser=Sarah Chen spriv=Manager " +
            "src=203.0.113.9 requestClientApplication=Mozilla/5.0 (X11) cs2Label=tenantId cs2=t1 cs5Label=sessionId cs5=s-1");
    }

    [Test]
    public void Format_HostileHeaderAndExtensionValues_AreEscaped()
    {
        var e = new AuditEvent(AuditCategory.RecordChange, AuditActions.Update)
        {
            Timestamp = At,
            Message = "a|b\\c\nd=e",
            Actor = new AuditActor("x=y", "line1\r\nline2|pipe\\"),
            Client = new AuditClient("2001:db8::1"),
            Target = new AuditTarget("Cust|omer", "R=1", "Name"),
            Changes = [new FieldChange("Limit", "1", "2=3")],
        };

        CefMapping.Format(e, new InteropProduct("Ven|dor", "Pro\\duct", "1\n2")).Should().Be(
            @"CEF:0|Ven\|dor|Pro\\duct|1 2|RecordChange:Update|a\|b\\c d=e|1|" +
            @"rt=1772360130123 cat=RecordChange act=Update outcome=Success msg=a|b\\c\nd\=e suid=x\=y suser=line1\r\nline2|pipe\\ " +
            @"c6a2=2001:db8::1 duid=R\=1 duser=Name cs1Label=entityType cs1=Cust|omer cs6Label=changes cs6=Limit: 1 -> 2\=3");
    }

    [Test]
    public void Format_InvalidUtf16AndAMegabyteValue_AreKeptWhole()
    {
        var big = new string('v', 1 << 20);
        var e = new AuditEvent(AuditCategory.UserAction, "Custom") { Timestamp = At, Message = big, Actor = new AuditActor("\uDC00a") };

        var line = CefMapping.Format(e, Product);

        line.Should().Be($"CEF:0|Acme|ERP Audit|2.1|UserAction:Custom|{big}|1|rt=1772360130123 cat=UserAction act=Custom outcome=Success msg={big} suid=\uFFFDa");
    }

    [TestCase(RiskLevel.None, 1)]
    [TestCase(RiskLevel.Low, 3)]
    [TestCase(RiskLevel.Medium, 5)]
    [TestCase(RiskLevel.High, 8)]
    [TestCase(RiskLevel.Critical, 10)]
    public void Severity_Risk_MapsToTheCefScale(RiskLevel risk, int severity) => CefMapping.Severity(risk).Should().Be(severity);
}
