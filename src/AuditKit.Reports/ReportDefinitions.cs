using static AuditKit.Reports.ReportCells;

namespace AuditKit.Reports;

/// <summary>The six compliance reports (docs/reports.md lists the same columns and selections).</summary>
internal static class ReportDefinitions
{
    private static readonly ReportColumn TimeColumn = new("time", "Time", 1.6);
    private static readonly ReportColumn UserColumn = new("user", "User", 1.1);
    private static readonly ReportColumn UserIdColumn = new("userId", "User ID", 0.9);
    private static readonly ReportColumn RoleColumn = new("role", "Role", 0.9);
    private static readonly ReportColumn ActionColumn = new("action", "Action", 0.9);
    private static readonly ReportColumn OutcomeColumn = new("outcome", "Outcome", 0.7);
    private static readonly ReportColumn RiskColumn = new("risk", "Risk", 0.6);
    private static readonly ReportColumn IpColumn = new("ipAddress", "IP Address", 0.9);
    private static readonly ReportColumn EventIdColumn = new("eventId", "Event ID", 1.1);

    public static ReportDefinition For(AuditReportKind kind) => kind switch
    {
        AuditReportKind.UserAccess => UserAccess,
        AuditReportKind.DataChange => DataChange,
        AuditReportKind.SecurityEvent => SecurityEvent,
        AuditReportKind.ExportActivity => ExportActivity,
        AuditReportKind.AdminActivity => AdminActivity,
        AuditReportKind.SystemAccess => SystemAccess,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a known report."),
    };

    private static readonly ReportDefinition UserAccess = new(
        AuditReportKind.UserAccess,
        "User Access Report",
        "Who accessed what, when: record views and reads, logins, logouts and failed logins.",
        [TimeColumn, UserColumn, UserIdColumn, RoleColumn, ActionColumn, new("entity", "Entity", 0.9), new("record", "Record", 1.1), OutcomeColumn, IpColumn, new("device", "Device", 1), EventIdColumn],
        [new AuditQuery { Categories = [AuditCategory.DataAccess] }, new AuditQuery { Actions = [AuditActions.Login, AuditActions.Logout, AuditActions.LoginFailed] }],
        e => [[Time(e.Timestamp), User(e), e.Actor?.Id, e.Actor?.Role, e.Action, Entity(e), Record(e), e.Outcome.ToString(), e.Client?.IpAddress, e.Client?.Device, e.DisplayId]],
        ["Logins", "Failed logins", "Records viewed"],
        (e, x) =>
        {
            x[0] += e.Action == AuditActions.Login ? 1 : 0;
            x[1] += e.Action == AuditActions.LoginFailed ? 1 : 0;
            x[2] += e.Action == AuditActions.View ? 1 : 0;
        });

    private static readonly ReportDefinition DataChange = new(
        AuditReportKind.DataChange,
        "Data Change Report",
        "Every modification with before/after: creates, updates and deletes, one row per changed field.",
        [TimeColumn, UserColumn, ActionColumn, new("entity", "Entity", 0.9), new("recordId", "Record ID", 0.9), new("recordName", "Record Name", 1.1), new("field", "Field", 1), new("previousValue", "Previous Value", 1.3), new("newValue", "New Value", 1.3), OutcomeColumn, EventIdColumn],
        [new AuditQuery { Categories = [AuditCategory.RecordChange], Actions = [AuditActions.Create, AuditActions.Update, AuditActions.Delete] }],
        DataChangeRows,
        ["Records created", "Records updated", "Records deleted", "Field changes"],
        (e, x) =>
        {
            x[0] += e.Action == AuditActions.Create ? 1 : 0;
            x[1] += e.Action == AuditActions.Update ? 1 : 0;
            x[2] += e.Action == AuditActions.Delete ? 1 : 0;
            x[3] += e.Changes.Count;
        });

    private static readonly ReportDefinition SecurityEvent = new(
        AuditReportKind.SecurityEvent,
        "Security Event Report",
        "Login attempts, permission changes and every other security event.",
        [TimeColumn, new("event", "Event", 1.4), UserColumn, UserIdColumn, ActionColumn, OutcomeColumn, RiskColumn, IpColumn, new("location", "Location", 1), EventIdColumn],
        [new AuditQuery { Categories = [AuditCategory.Security] }, new AuditQuery { Actions = [AuditActions.Login, AuditActions.Logout] }],
        e => [[Time(e.Timestamp), e.Message, User(e), e.Actor?.Id, e.Action, e.Outcome.ToString(), e.Risk.ToString(), e.Client?.IpAddress, e.Client?.Location, e.DisplayId]],
        ["Failed logins", "Accounts locked", "Permission and role changes"],
        (e, x) =>
        {
            x[0] += e.Action == AuditActions.LoginFailed ? 1 : 0;
            x[1] += e.Action == AuditActions.AccountLocked ? 1 : 0;
            x[2] += e.Action is AuditActions.PermissionChanged or AuditActions.RoleGranted ? 1 : 0;
        });

    private static readonly ReportDefinition ExportActivity = new(
        AuditReportKind.ExportActivity,
        "Export Activity Report",
        "Data exports by user, with their record counts.",
        [TimeColumn, UserColumn, UserIdColumn, RoleColumn, new("entity", "Entity", 0.9), new("records", "Records", 0.7), new("format", "Format", 0.6), OutcomeColumn, IpColumn, EventIdColumn],
        [new AuditQuery { Actions = [AuditActions.Export] }],
        e => [[Time(e.Timestamp), User(e), e.Actor?.Id, e.Actor?.Role, Entity(e), Metadata(e, "record_count"), Metadata(e, "format"), e.Outcome.ToString(), e.Client?.IpAddress, e.DisplayId]],
        ["Records exported", "Exports of 1,000+ records"],
        (e, x) =>
        {
            var records = MetadataNumber(e, "record_count");
            x[0] += records;
            x[1] += records >= 1000 ? 1 : 0;
        });

    private static readonly ReportDefinition AdminActivity = new(
        AuditReportKind.AdminActivity,
        "Admin Activity Report",
        "Administrative actions: settings changes, permission changes, roles granted and API keys created.",
        [TimeColumn, UserColumn, UserIdColumn, RoleColumn, ActionColumn, new("target", "Target", 1.1), new("changes", "Changes", 2.2), OutcomeColumn, RiskColumn, EventIdColumn],
        [new AuditQuery { Actions = [AuditActions.SettingsChanged, AuditActions.PermissionChanged, AuditActions.RoleGranted, AuditActions.ApiKeyCreated] }],
        e => [[Time(e.Timestamp), User(e), e.Actor?.Id, e.Actor?.Role, e.Action, Record(e) ?? Entity(e), Changes(e), e.Outcome.ToString(), e.Risk.ToString(), e.DisplayId]],
        ["Settings changes", "Permission and role changes", "API keys created"],
        (e, x) =>
        {
            x[0] += e.Action == AuditActions.SettingsChanged ? 1 : 0;
            x[1] += e.Action is AuditActions.PermissionChanged or AuditActions.RoleGranted ? 1 : 0;
            x[2] += e.Action == AuditActions.ApiKeyCreated ? 1 : 0;
        });

    private static readonly ReportDefinition SystemAccess = new(
        AuditReportKind.SystemAccess,
        "System Access Report",
        "API and integration access: API requests and integration syncs.",
        [TimeColumn, new("client", "Client", 1.1), new("clientId", "Client ID", 0.9), new("kind", "Kind", 0.7), ActionColumn, new("target", "Target", 1), OutcomeColumn, IpColumn, new("message", "Message", 1.3), EventIdColumn],
        [new AuditQuery { Categories = [AuditCategory.ApiRequest] }, new AuditQuery { Actions = [AuditActions.IntegrationSync] }],
        e => [[Time(e.Timestamp), User(e), e.Actor?.Id, e.Actor?.Kind.ToString(), e.Action, Entity(e), e.Outcome.ToString(), e.Client?.IpAddress, e.Message, e.DisplayId]],
        ["API requests", "Integration syncs"],
        (e, x) =>
        {
            x[0] += e.Category == AuditCategory.ApiRequest ? 1 : 0;
            x[1] += e.Action == AuditActions.IntegrationSync ? 1 : 0;
        });

    private static IEnumerable<string?[]> DataChangeRows(AuditEvent e)
    {
        var head = (Time: Time(e.Timestamp), User: User(e), e.Action, Entity: e.Target?.EntityType, e.Target?.RecordId, e.Target?.RecordName, Outcome: e.Outcome.ToString(), e.DisplayId);
        if (e.Changes.Count == 0)
        {
            yield return [head.Time, head.User, head.Action, head.Entity, head.RecordId, head.RecordName, null, null, null, head.Outcome, head.DisplayId];
            yield break;
        }

        foreach (var c in e.Changes)
        {
            yield return [head.Time, head.User, head.Action, head.Entity, head.RecordId, head.RecordName, c.DisplayName ?? c.Field, c.ShownOldValue, c.ShownNewValue, head.Outcome, head.DisplayId];
        }
    }
}
