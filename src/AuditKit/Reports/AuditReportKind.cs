using System.Text.Json.Serialization;

namespace AuditKit.Reports;

/// <summary>The compliance reports of the "Audit Compliance Reports" screen; columns and selections in docs/reports.md.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AuditReportKind>))]
public enum AuditReportKind
{
    /// <summary>Who accessed what, when: record views and reads (<see cref="AuditCategory.DataAccess"/>), logins, logouts and failed logins.</summary>
    UserAccess = 0,

    /// <summary>Every modification with before/after: Create, Update and Delete events, one row per changed field.</summary>
    DataChange = 1,

    /// <summary>Login attempts, permission changes and every other <see cref="AuditCategory.Security"/> event, plus successful logins and logouts.</summary>
    SecurityEvent = 2,

    /// <summary>Data exports by user, with their record counts.</summary>
    ExportActivity = 3,

    /// <summary>Administrative actions: settings changes, permission changes, roles granted, API keys created.</summary>
    AdminActivity = 4,

    /// <summary>API and integration access: <see cref="AuditCategory.ApiRequest"/> events and integration syncs.</summary>
    SystemAccess = 5,
}
