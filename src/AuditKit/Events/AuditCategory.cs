namespace AuditKit;

/// <summary>The broad kind of an audit event; the dashboard's "Activity by Type" groups by it.</summary>
public enum AuditCategory
{
    /// <summary>A business record was created, changed or deleted, or records were exported or imported (views are <see cref="DataAccess"/>).</summary>
    RecordChange = 0,

    /// <summary>Something a user did that is not a record change: login, logout, profile update, report generated.</summary>
    UserAction = 1,

    /// <summary>Security-relevant events: failed logins, password changes and resets, two-factor enrolment, permission and role changes, API keys, locked accounts.</summary>
    Security = 2,

    /// <summary>System activity: scheduled jobs, integrations, errors, performance alerts, configuration changes.</summary>
    System = 3,

    /// <summary>Calls made through an API by a client or integration.</summary>
    ApiRequest = 4,

    /// <summary>Reads of data: record views ("View/Read Actions", retained on their own schedule) and reads of the audit log itself.</summary>
    DataAccess = 5,
}
