namespace AuditKit;

/// <summary>Well-known values of <see cref="AuditEvent.Action"/>. Any other string is allowed too.</summary>
public static class AuditActions
{
#pragma warning disable CS1591 // the names say what they are
    public const string Create = "Create";
    public const string Update = "Update";
    public const string Delete = "Delete";
    public const string View = "View";
    public const string Export = "Export";
    public const string Import = "Import";
    public const string Login = "Login";
    public const string Logout = "Logout";
    public const string LoginFailed = "LoginFailed";
    public const string PasswordChanged = "PasswordChanged";
    public const string PasswordReset = "PasswordReset";
    public const string ProfileUpdated = "ProfileUpdated";
    public const string PermissionRequested = "PermissionRequested";
    public const string PermissionChanged = "PermissionChanged";
    public const string RoleGranted = "RoleGranted";
    public const string TwoFactorEnabled = "TwoFactorEnabled";
    public const string AccountLocked = "AccountLocked";
    public const string ApiKeyCreated = "ApiKeyCreated";
    public const string SettingsChanged = "SettingsChanged";
    public const string JobExecuted = "JobExecuted";
    public const string IntegrationSync = "IntegrationSync";
    public const string Error = "Error";
    public const string PerformanceAlert = "PerformanceAlert";
    public const string ReportGenerated = "ReportGenerated";
    public const string AlertTriggered = "AlertTriggered";
    public const string AlertAcknowledged = "AlertAcknowledged";
    public const string AlertResolved = "AlertResolved";

    /// <summary>A component reported that it is alive (<see cref="AuditEvents.Heartbeat"/>); system health's uptime counts these.</summary>
    public const string Heartbeat = "Heartbeat";
#pragma warning restore CS1591
}
