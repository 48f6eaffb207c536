namespace AuditKit;

/// <summary>
/// Which events are logged: the product page's "Audit Event Configuration" as a settings document
/// (<see cref="DocumentName"/>, read and saved through <see cref="IAuditSettings"/>). Every switch is on by default;
/// views of entity types are logged where <see cref="ViewLogging"/> or the host's code (EF Core
/// <c>LogViews()</c>, <c>[AuditViews]</c>) enables them. The mapping of actions to switches is in docs/policy.md.
/// </summary>
/// <remarks>
/// Events not on the list (failed logins, lockouts, permission and role changes, API keys, erasure receipts, alerts,
/// reports, any action of the host's own) are always logged, and so is every change of AuditKit's own settings
/// documents (<see cref="AuditSettingsDocument.EntityType"/>): the policy cannot switch off its own audit trail.
/// </remarks>
public sealed class AuditEventPolicy
{
    /// <summary>The settings document's name: <c>event-policy</c>.</summary>
    public const string DocumentName = "event-policy";

    /// <summary>User actions: <see cref="AuditActions.Login"/> and <see cref="AuditActions.Logout"/>.</summary>
    public bool LoginLogout { get; set; } = true;

    /// <summary>User actions: <see cref="AuditActions.PasswordChanged"/> and <see cref="AuditActions.PasswordReset"/>.</summary>
    public bool PasswordChanges { get; set; } = true;

    /// <summary>User actions: <see cref="AuditActions.ProfileUpdated"/>.</summary>
    public bool ProfileUpdates { get; set; } = true;

    /// <summary>User actions: <see cref="AuditActions.PermissionRequested"/>.</summary>
    public bool PermissionRequests { get; set; } = true;

    /// <summary>User actions: <see cref="AuditActions.TwoFactorEnabled"/> (2FA enrollment).</summary>
    public bool TwoFactorEnrollment { get; set; } = true;

    /// <summary>Record operations: <see cref="AuditActions.Create"/>.</summary>
    public bool Create { get; set; } = true;

    /// <summary>Record operations: <see cref="AuditActions.Update"/>.</summary>
    public bool Update { get; set; } = true;

    /// <summary>
    /// Record operations: "with field-level tracking". Off: updates are still logged with the names of the changed
    /// fields, without their old and new values.
    /// </summary>
    public bool FieldLevelTracking { get; set; } = true;

    /// <summary>Record operations: <see cref="AuditActions.Delete"/>.</summary>
    public bool Delete { get; set; } = true;

    /// <summary>Record operations: <see cref="AuditActions.View"/> at all ("configurable by entity": see <see cref="ViewLogging"/>).</summary>
    public bool View { get; set; } = true;

    /// <summary>Record operations: <see cref="AuditActions.Export"/>.</summary>
    public bool Export { get; set; } = true;

    /// <summary>Record operations: <see cref="AuditActions.Import"/>.</summary>
    public bool Import { get; set; } = true;

    /// <summary>System operations: <see cref="AuditActions.SettingsChanged"/> of the host's own settings.</summary>
    public bool ConfigurationChanges { get; set; } = true;

    /// <summary>System operations: <see cref="AuditActions.IntegrationSync"/>.</summary>
    public bool IntegrationEvents { get; set; } = true;

    /// <summary>System operations: <see cref="AuditActions.JobExecuted"/>.</summary>
    public bool ScheduledJobs { get; set; } = true;

    /// <summary>System operations: <see cref="AuditActions.Error"/>.</summary>
    public bool ErrorEvents { get; set; } = true;

    /// <summary>System operations: <see cref="AuditActions.PerformanceAlert"/>.</summary>
    public bool PerformanceAlerts { get; set; } = true;

    /// <summary>
    /// View logging by entity type (the recorded entity name, e.g. <c>Customer</c>; case-insensitive): true logs
    /// every view, false none. An entity type not listed keeps what the host's code says (EF Core captures views
    /// only of types configured with <c>LogViews()</c> or <c>[AuditViews]</c>; a view the host records itself is logged).
    /// </summary>
    public Dictionary<string, bool> ViewLogging { get; set; } = [];

    /// <summary>The switch that governs an action, or <see langword="null"/> when the action is always logged.</summary>
    /// <param name="action">An action (<see cref="AuditActions"/>).</param>
    /// <returns>The switch's value, or null.</returns>
    public bool? SwitchFor(string action) => action switch
    {
        AuditActions.Login or AuditActions.Logout => LoginLogout,
        AuditActions.PasswordChanged or AuditActions.PasswordReset => PasswordChanges,
        AuditActions.ProfileUpdated => ProfileUpdates,
        AuditActions.PermissionRequested => PermissionRequests,
        AuditActions.TwoFactorEnabled => TwoFactorEnrollment,
        AuditActions.Create => Create,
        AuditActions.Update => Update,
        AuditActions.Delete => Delete,
        AuditActions.View => View,
        AuditActions.Export => Export,
        AuditActions.Import => Import,
        AuditActions.SettingsChanged => ConfigurationChanges,
        AuditActions.IntegrationSync => IntegrationEvents,
        AuditActions.JobExecuted => ScheduledJobs,
        AuditActions.Error => ErrorEvents,
        AuditActions.PerformanceAlert => PerformanceAlerts,
        _ => null,
    };
}
