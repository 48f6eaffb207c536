using System.Text.Json;
using System.Text.Json.Nodes;
using AuditKit.Interop;

namespace AuditKit.Interop.Tests;

// The expected documents are written by hand from the OCSF 1.x class definitions (class, activity and type ids),
// not produced by the mapper.
public sealed class OcsfMappingTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 10, 15, 30, 123, TimeSpan.Zero); // 1772360130123 ms
    private static readonly InteropProduct Product = new("Acme", "ERP Audit", "2.1");

    [Test]
    public void ToJson_LoginFailed_IsAuthenticationLogonWithFailureStatus()
    {
        var e = new AuditEvent(AuditCategory.Security, AuditActions.LoginFailed)
        {
            Timestamp = At,
            Outcome = AuditOutcome.Failure,
            Risk = RiskLevel.Medium,
            Message = "Login Failed",
            Actor = new AuditActor("u-7", "Sarah Chen", "sarah@example.com", "Manager"),
            Client = new AuditClient("203.0.113.9", UserAgent: "Mozilla/5.0", SessionId: "s-1"),
            TenantId = "t1",
        };

        Same(OcsfMapping.ToJson(e, Product), """
            {
              "class_uid": 3002, "class_name": "Authentication", "category_uid": 3, "category_name": "Identity & Access Management",
              "activity_id": 1, "activity_name": "Logon", "type_uid": 300201, "type_name": "Authentication: Logon",
              "time": 1772360130123, "severity_id": 3, "severity": "Medium", "status_id": 2, "status": "Failure",
              "message": "Login Failed",
              "metadata": { "version": "1.5.0", "tenant_uid": "t1", "log_name": "auditkit",
                            "product": { "name": "ERP Audit", "vendor_name": "Acme", "version": "2.1" } },
              "actor": { "user": { "uid": "u-7", "name": "Sarah Chen", "email_addr": "sarah@example.com", "type_id": 1, "type": "User" },
                         "authorizations": [ { "policy": { "name": "Manager" } } ],
                         "session": { "uid": "s-1" } },
              "src_endpoint": { "ip": "203.0.113.9" },
              "http_request": { "user_agent": "Mozilla/5.0" },
              "user": { "uid": "u-7", "name": "Sarah Chen", "email_addr": "sarah@example.com", "type_id": 1, "type": "User" },
              "session": { "uid": "s-1" },
              "unmapped": { "auditkit": { "category": "Security", "action": "LoginFailed", "outcome": "Failure", "risk": "Medium", "actor_role": "Manager" } }
            }
            """);
    }

    [Test]
    public void ToJson_RecordUpdate_IsEntityManagementWithOldAndNewData()
    {
        var e = new AuditEvent(AuditCategory.RecordChange, AuditActions.Update)
        {
            Timestamp = At,
            Actor = new AuditActor("u-1", Kind: ActorKind.User),
            Target = new AuditTarget("Customer", "CUST-1", "Acme Corporation", "Sales"),
            Changes = [new FieldChange("CreditLimit", "1000", "5000"), new FieldChange("Note", null, "vip", FieldChangeKind.Added)],
        };

        Same(OcsfMapping.ToJson(e, Product), """
            {
              "class_uid": 3004, "class_name": "Entity Management", "category_uid": 3, "category_name": "Identity & Access Management",
              "activity_id": 3, "activity_name": "Update", "type_uid": 300403, "type_name": "Entity Management: Update",
              "time": 1772360130123, "severity_id": 1, "severity": "Informational", "status_id": 1, "status": "Success",
              "metadata": { "version": "1.5.0", "log_name": "auditkit", "product": { "name": "ERP Audit", "vendor_name": "Acme", "version": "2.1" } },
              "actor": { "user": { "uid": "u-1", "type_id": 1, "type": "User" } },
              "entity": { "uid": "CUST-1", "name": "Acme Corporation", "type": "Customer", "data": { "CreditLimit": "1000" } },
              "entity_result": { "uid": "CUST-1", "name": "Acme Corporation", "type": "Customer", "data": { "CreditLimit": "5000", "Note": "vip" } },
              "unmapped": { "auditkit": { "category": "RecordChange", "action": "Update", "outcome": "Success", "risk": "None",
                "target": { "entity_type": "Customer", "record_id": "CUST-1", "record_name": "Acme Corporation", "module": "Sales" },
                "changes": [ { "field": "CreditLimit", "old": "1000", "new": "5000", "kind": "Modified" },
                             { "field": "Note", "new": "vip", "kind": "Added" } ] } }
            }
            """);
    }

    [Test]
    public void ToJson_RoleGranted_IsUserAccessManagementWithThePrivilege()
    {
        var e = AuditEvents.RoleGranted("u-9", "Bob", "Administrator", administrative: true) with { Timestamp = At };

        var json = JsonNode.Parse(OcsfMapping.ToJson(e, Product))!;

        json["class_uid"]!.GetValue<int>().Should().Be(3005);
        json["activity_id"]!.GetValue<int>().Should().Be(1);
        json["type_uid"]!.GetValue<long>().Should().Be(300501);
        json["user"]!["uid"]!.GetValue<string>().Should().Be("u-9");
        json["user"]!["name"]!.GetValue<string>().Should().Be("Bob");
        json["privileges"]!.AsArray().Select(p => p!.GetValue<string>()).Should().Equal("Administrator");
    }

    [TestCase(AuditActions.PasswordChanged, 3001, 3)]
    [TestCase(AuditActions.PasswordReset, 3001, 4)]
    [TestCase(AuditActions.AccountLocked, 3001, 9)]
    [TestCase(AuditActions.TwoFactorEnabled, 3001, 10)]
    [TestCase(AuditActions.Login, 3002, 1)]
    [TestCase(AuditActions.Logout, 3002, 2)]
    [TestCase(AuditActions.PermissionChanged, 3005, 1)]
    public void Classify_SecurityActions_FollowTheOcsfActivityIds(string action, int classUid, int activityId)
    {
        var c = OcsfMapping.Classify(new AuditEvent(AuditCategory.Security, action));

        c.ClassUid.Should().Be(classUid);
        c.ActivityId.Should().Be(activityId);
        c.TypeUid.Should().Be((classUid * 100L) + activityId);
    }

    [Test]
    public void ToJson_ApiRequest_IsApiActivityWithOperationAndResource()
    {
        var e = new AuditEvent(AuditCategory.ApiRequest, AuditActions.Delete)
        {
            Timestamp = At,
            Outcome = AuditOutcome.Denied,
            Client = new AuditClient("2001:db8::1"),
            Target = new AuditTarget("Invoice", "INV-3", Module: "Billing"),
        };

        Same(OcsfMapping.ToJson(e, Product), """
            {
              "class_uid": 6003, "class_name": "API Activity", "category_uid": 6, "category_name": "Application Activity",
              "activity_id": 4, "activity_name": "Delete", "type_uid": 600304, "type_name": "API Activity: Delete",
              "time": 1772360130123, "severity_id": 1, "severity": "Informational", "status_id": 2, "status": "Failure", "status_detail": "Denied",
              "metadata": { "version": "1.5.0", "log_name": "auditkit", "product": { "name": "ERP Audit", "vendor_name": "Acme", "version": "2.1" } },
              "src_endpoint": { "ip": "2001:db8::1" },
              "api": { "operation": "Delete", "service": { "name": "Billing" } },
              "resources": [ { "uid": "INV-3", "type": "Invoice" } ],
              "unmapped": { "auditkit": { "category": "ApiRequest", "action": "Delete", "outcome": "Denied", "risk": "None",
                "target": { "entity_type": "Invoice", "record_id": "INV-3", "module": "Billing" } } }
            }
            """);
    }

    [Test]
    public void ToJson_HostileValues_StayOneLineOfValidJsonWithTheSameText()
    {
        var hostile = "a|b=c\\d\"e\nf\r\ng]\u0000";
        var big = new string('x', 1 << 20);
        var e = new AuditEvent(AuditCategory.UserAction, "Custom")
        {
            Timestamp = At,
            Message = hostile,
            Actor = new AuditActor("bad\uD800id", big),
        };

        var json = OcsfMapping.ToJson(e, Product);

        json.Should().NotContain("\n").And.NotContain("\r");
        var node = JsonNode.Parse(json)!;
        node["message"]!.GetValue<string>().Should().Be(hostile);
        node["actor"]!["user"]!["uid"]!.GetValue<string>().Should().Be("bad\uFFFDid");
        node["actor"]!["user"]!["name"]!.GetValue<string>().Should().HaveLength(1 << 20);
        node["class_uid"]!.GetValue<int>().Should().Be(0);
        node["type_uid"]!.GetValue<long>().Should().Be(99);
    }

    private static void Same(string actual, string expected) =>
        JsonNode.DeepEquals(JsonNode.Parse(actual), JsonNode.Parse(expected)).Should().BeTrue($"expected {expected}{Environment.NewLine}but got {actual}");
}
