namespace AuditKit;

/// <summary>
/// The product page's six alert rules, ready to save with <see cref="IAuditAlerts.SaveRuleAsync"/> (each call returns a new
/// instance; add channels and adjust as needed).
/// </summary>
public static class AlertRuleTemplates
{
    /// <summary>The entity types <see cref="SensitiveDataAccess"/> watches unless given others.</summary>
    public static IReadOnlyList<string> FinancialEntities { get; } = ["Invoice", "Payment", "BankAccount", "GeneralLedger"];

    /// <summary>All six by their ids: <c>failed-logins</c>, <c>mass-data-export</c>, <c>permission-escalation</c>, <c>after-hours-access</c>, <c>sensitive-data-access</c>, <c>account-locked</c>.</summary>
    /// <param name="timeZone">The time zone of "after hours" (default UTC).</param>
    /// <param name="sensitiveEntities">The entity types of "sensitive data" (default <see cref="FinancialEntities"/>).</param>
    /// <returns>The rules by id.</returns>
    public static IReadOnlyDictionary<string, AlertRule> All(string timeZone = "UTC", IReadOnlyList<string>? sensitiveEntities = null) =>
        new Dictionary<string, AlertRule>(StringComparer.Ordinal)
        {
            ["failed-logins"] = FailedLogins(),
            ["mass-data-export"] = MassDataExport(),
            ["permission-escalation"] = PermissionEscalation(),
            ["after-hours-access"] = AfterHoursAccess(timeZone),
            ["sensitive-data-access"] = SensitiveDataAccess(sensitiveEntities),
            ["account-locked"] = AccountLocked(),
        };

    /// <summary>"Failed Logins: 5+ in 10 minutes" for one account.</summary>
    /// <returns>The rule.</returns>
    public static AlertRule FailedLogins() => new()
    {
        Name = "Failed Logins",
        Description = "Five or more failed logins of one account within 10 minutes",
        Priority = AlertPriority.High,
        When = AlertCondition.Is("action", AuditActions.LoginFailed),
        Threshold = new AlertThreshold { Kind = AlertThresholdKind.Count, AtLeast = 5, Within = TimeSpan.FromMinutes(10) },
        GroupBy = ["actor.id"],
        Suppression = TimeSpan.FromMinutes(10),
        Message = "{count} failed logins for {user_name} within 10 minutes (last from {ip} at {timestamp}).",
    };

    /// <summary>"Mass Data Export: 1,000+ records" in one export.</summary>
    /// <returns>The rule.</returns>
    public static AlertRule MassDataExport() => new()
    {
        Name = "Mass Data Export",
        Description = "Alert when large data exports occur",
        Priority = AlertPriority.High,
        When = AlertCondition.And(AlertCondition.Is("action", AuditActions.Export), AlertCondition.Compare("metadata.record_count", AlertOperator.GreaterThan, 1000)),
        Suppression = TimeSpan.Zero,
        Message = "Large data export detected: {user_name} exported {record_count} {entity_type} records at {timestamp}. Review immediately.",
    };

    /// <summary>"Permission Escalation: Admin role granted".</summary>
    /// <returns>The rule.</returns>
    public static AlertRule PermissionEscalation() => new()
    {
        Name = "Permission Escalation",
        Description = "An administrative role was granted",
        Priority = AlertPriority.Critical,
        When = AlertCondition.And(
            AlertCondition.Is("action", AuditActions.RoleGranted),
            AlertCondition.Or(AlertCondition.Is("metadata.administrative", true), AlertCondition.In("metadata.role", "Admin", "Administrator"))),
        GroupBy = ["recordId"],
        Suppression = TimeSpan.Zero,
        Message = "{user_name} granted the role {role} to {record_name} at {timestamp}.",
    };

    /// <summary>"After Hours Access: Login 10PM–6AM" in <paramref name="timeZone"/>.</summary>
    /// <param name="timeZone">The time zone (IANA or Windows id).</param>
    /// <returns>The rule.</returns>
    public static AlertRule AfterHoursAccess(string timeZone = "UTC") => new()
    {
        Name = "After Hours Access",
        Description = "A login between 10 PM and 6 AM",
        Priority = AlertPriority.Medium,
        When = AlertCondition.And(AlertCondition.Is("action", AuditActions.Login), AlertCondition.Between("22:00", "06:00", timeZone)),
        Suppression = TimeSpan.FromHours(8),
        Message = "After-hours login by {user_name} from {ip} at {timestamp}.",
    };

    /// <summary>"Sensitive Data Access: View financial data": a view or export of one of <paramref name="entities"/>.</summary>
    /// <param name="entities">The sensitive entity types (default <see cref="FinancialEntities"/>).</param>
    /// <returns>The rule.</returns>
    public static AlertRule SensitiveDataAccess(IReadOnlyList<string>? entities = null) => new()
    {
        Name = "Sensitive Data Access",
        Description = "A view or export of financial data",
        Priority = AlertPriority.High,
        When = AlertCondition.And(
            AlertCondition.In("action", AuditActions.View, AuditActions.Export),
            AlertCondition.In("entityType", [.. entities ?? FinancialEntities])),
        GroupBy = ["actor.id", "entityType"],
        Suppression = TimeSpan.FromHours(1),
        Message = "{user_name} accessed {entity_type} {record_id} at {timestamp}.",
    };

    /// <summary>"Account Locked: any account lock".</summary>
    /// <returns>The rule.</returns>
    public static AlertRule AccountLocked() => new()
    {
        Name = "Account Locked",
        Description = "Any account lock",
        Priority = AlertPriority.High,
        When = AlertCondition.Is("action", AuditActions.AccountLocked),
        Suppression = TimeSpan.FromMinutes(15),
        Message = "The account of {user_name} was locked at {timestamp}: {message}.",
    };
}
