using AuditKit.Interop;

namespace AuditKit.Interop.Tests;

public sealed class OpenTelemetryLogMappingTests
{
    [Test]
    public void Attributes_Login_UseTheSemanticConventionNames()
    {
        var e = new AuditEvent(AuditCategory.UserAction, AuditActions.Login)
        {
            Risk = RiskLevel.Low,
            Actor = new AuditActor("u-7", "Sarah", "s@example.com", "Manager"),
            Client = new AuditClient("198.51.100.4", "Berlin", "curl/8", "Chrome on Windows", "sess-9"),
            Target = new AuditTarget("Session"),
            TenantId = "t1",
            Metadata = AuditMetadata.Create(("attempt", 2)),
        };

        var attributes = OpenTelemetryLogMapping.Attributes(e);

        attributes.Select(a => (a.Key, a.Value is string[] s ? string.Join(",", s) : a.Value)).Should().Equal(
            ("event.name", "auditkit.audit_event"),
            ("user.id", "u-7"),
            ("user.name", "Sarah"),
            ("user.email", "s@example.com"),
            ("user.roles", "Manager"),
            ("client.address", "198.51.100.4"),
            ("user_agent.original", "curl/8"),
            ("session.id", "sess-9"),
            ("auditkit.category", "UserAction"),
            ("auditkit.action", "Login"),
            ("auditkit.outcome", "Success"),
            ("auditkit.risk", "Low"),
            ("auditkit.tenant_id", "t1"),
            ("auditkit.actor.kind", "User"),
            ("auditkit.client.location", "Berlin"),
            ("auditkit.client.device", "Chrome on Windows"),
            ("auditkit.target.entity_type", "Session"),
            ("auditkit.metadata", "{\"attempt\":2}"));
        OpenTelemetryLogMapping.SeverityNumber(e.Risk).Should().Be(9);
        OpenTelemetryLogMapping.SeverityText(e.Risk).Should().Be("Information");
        OpenTelemetryLogMapping.Body(e).Should().Be("UserAction Login");
    }

    [Test]
    public void Attributes_RecordChange_CarryTheChangesAsJson()
    {
        var e = new AuditEvent(AuditCategory.RecordChange, AuditActions.Update)
        {
            Message = "bad\uD800",
            Changes = [new FieldChange("Limit", null, "5\n0")],
        };

        OpenTelemetryLogMapping.Attributes(e).Should().ContainEquivalentOf(
            new KeyValuePair<string, object?>("auditkit.changes", "[{\"field\":\"Limit\",\"old\":null,\"new\":\"5\\n0\",\"kind\":\"Modified\"}]"));
        OpenTelemetryLogMapping.Body(e).Should().Be("bad\uFFFD");
    }
}
