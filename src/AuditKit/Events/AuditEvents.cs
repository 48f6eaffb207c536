namespace AuditKit;

/// <summary>
/// Builds the well-known events of an ERP's audit screens with the right category, action, outcome,
/// risk and metadata, so that hosts never assemble them by hand. Actor, client, tenant and correlation
/// come from the ambient <see cref="AuditContext"/> unless given.
/// </summary>
public static class AuditEvents
{
    /// <summary>A successful sign-in (UserAction / Login, low risk): the product page counts logins and logouts as user actions; failed logins are Security.</summary>
    public static AuditEvent Login(AuditActor? user = null) =>
        new(AuditCategory.UserAction, AuditActions.Login) { Actor = user, Risk = RiskLevel.Low, Message = "Login Success", Target = new AuditTarget("Session") };

    /// <summary>A failed sign-in, attempt <paramref name="attempt"/> of <paramref name="maxAttempts"/>: medium risk, high (and Denied) on the last attempt.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The attempt numbers are not 1 ≤ attempt ≤ maxAttempts.</exception>
    public static AuditEvent LoginFailed(AuditActor? user, int attempt, int maxAttempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, attempt);
        var last = attempt == maxAttempts;
        return new AuditEvent(AuditCategory.Security, AuditActions.LoginFailed)
        {
            Actor = user,
            Outcome = last ? AuditOutcome.Denied : AuditOutcome.Failure,
            Risk = last ? RiskLevel.High : RiskLevel.Medium,
            Message = $"Failed Login ({attempt}/{maxAttempts})",
            Target = new AuditTarget("Session"),
            Metadata = AuditMetadata.Create(("attempt", attempt), ("max_attempts", maxAttempts)),
        };
    }

    /// <summary>
    /// A failed sign-in that AuditKit numbers: it counts the account's consecutive failures since its last successful
    /// <see cref="Login"/> (kept in memory, rebuilt from the store at start-up; docs/settings-and-policy.md) and records
    /// "Failed Login (3/5)" with <c>attempt</c> and <c>max_attempts</c> metadata, Denied from the last attempt on, and
    /// the risk rules' risk (Medium, High when denied). Without an actor id it is recorded unnumbered.
    /// </summary>
    /// <param name="user">The account that failed to sign in.</param>
    /// <param name="maxAttempts">The lockout threshold.</param>
    /// <returns>The event.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxAttempts"/> is less than 1.</exception>
    public static AuditEvent LoginFailedCounted(AuditActor? user, int maxAttempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        return new AuditEvent(AuditCategory.Security, AuditActions.LoginFailed)
        {
            Actor = user,
            Outcome = AuditOutcome.Failure,
            Message = "Failed Login",
            Target = new AuditTarget("Session"),
            Metadata = AuditMetadata.Create(("max_attempts", maxAttempts)),
        };
    }

    /// <summary>A sign-out (UserAction / Logout).</summary>
    public static AuditEvent Logout(AuditActor? user = null) =>
        new(AuditCategory.UserAction, AuditActions.Logout) { Actor = user, Message = "Logout", Target = new AuditTarget("Session") };

    /// <summary>A user changed their password.</summary>
    public static AuditEvent PasswordChanged(AuditActor? user = null) =>
        new(AuditCategory.Security, AuditActions.PasswordChanged) { Actor = user, Risk = RiskLevel.Low, Message = "Password Changed", Target = new AuditTarget("User", user?.Id, user?.Name) };

    /// <summary>A password was reset, by the user or for them.</summary>
    public static AuditEvent PasswordReset(AuditActor? user = null) =>
        new(AuditCategory.Security, AuditActions.PasswordReset) { Actor = user, Risk = RiskLevel.Low, Message = "Password Reset", Target = new AuditTarget("User", user?.Id, user?.Name) };

    /// <summary>Two-factor authentication was enabled.</summary>
    public static AuditEvent TwoFactorEnabled(AuditActor? user = null) =>
        new(AuditCategory.Security, AuditActions.TwoFactorEnabled) { Actor = user, Risk = RiskLevel.Low, Message = "2FA Enabled", Target = new AuditTarget("User", user?.Id, user?.Name) };

    /// <summary>An account was locked (Denied, high risk).</summary>
    public static AuditEvent AccountLocked(AuditActor lockedUser, string? reason = null) =>
        new(AuditCategory.Security, AuditActions.AccountLocked)
        {
            Actor = lockedUser,
            Outcome = AuditOutcome.Denied,
            Risk = RiskLevel.High,
            Message = reason is null ? "Account Locked" : $"Account Locked: {reason}",
            Target = new AuditTarget("User", lockedUser?.Id, lockedUser?.Name),
        };

    /// <summary>A role's or user's permissions changed (high risk).</summary>
    public static AuditEvent PermissionChanged(string subjectType, string subjectId, string? subjectName, IReadOnlyList<FieldChange>? changes = null) =>
        new(AuditCategory.Security, AuditActions.PermissionChanged)
        {
            Risk = RiskLevel.High,
            Message = "Permission Changed",
            Target = new AuditTarget(subjectType, subjectId, subjectName, Module: "Security"),
            Changes = changes ?? [],
        };

    /// <summary>A role was granted to a user (high risk for administrative roles).</summary>
    public static AuditEvent RoleGranted(string userId, string? userName, string role, bool administrative = false) =>
        new(AuditCategory.Security, AuditActions.RoleGranted)
        {
            Risk = administrative ? RiskLevel.High : RiskLevel.Medium,
            Message = $"Role '{role}' granted",
            Target = new AuditTarget("User", userId, userName, Module: "Security"),
            Changes = [new FieldChange("Roles", null, role, FieldChangeKind.Added)],
            Metadata = AuditMetadata.Create(("role", role), ("administrative", administrative)),
        };

    /// <summary>An API key was created (medium risk).</summary>
    public static AuditEvent ApiKeyCreated(string keyId, string? keyName = null) =>
        new(AuditCategory.Security, AuditActions.ApiKeyCreated)
        {
            Risk = RiskLevel.Medium,
            Message = keyName is null ? "API Key Created" : $"API Key Created: {keyName}",
            Target = new AuditTarget("ApiKey", keyId, keyName, Module: "Security"),
        };

    /// <summary>Records were exported; <paramref name="recordCount"/> goes to the <c>record_count</c> metadata that alerts compare (high risk from 1,000 records).</summary>
    public static AuditEvent Export(string entityType, long recordCount, string? format = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(recordCount);
        return new AuditEvent(AuditCategory.RecordChange, AuditActions.Export)
        {
            Risk = recordCount >= 1000 ? RiskLevel.High : RiskLevel.Low,
            Message = $"Exported {recordCount:N0} {entityType} records",
            Target = new AuditTarget(entityType),
            Metadata = format is null
                ? AuditMetadata.Create(("record_count", recordCount))
                : AuditMetadata.Create(("record_count", recordCount), ("format", format)),
        };
    }

    /// <summary>Records were imported.</summary>
    public static AuditEvent Import(string entityType, long recordCount, AuditOutcome outcome = AuditOutcome.Success)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(recordCount);
        return new AuditEvent(AuditCategory.RecordChange, AuditActions.Import)
        {
            Outcome = outcome,
            Message = $"Imported {recordCount:N0} {entityType} records",
            Target = new AuditTarget(entityType),
            Metadata = AuditMetadata.Create(("record_count", recordCount)),
        };
    }

    /// <summary>
    /// A report was generated (UserAction / ReportGenerated): the actor (ambient unless set) is who generated it, which the
    /// user-activity insight counts as "Reports Generated". The metadata holds <c>row_count</c>, <c>format</c> and the
    /// report's <c>parameters</c> as a JSON object of strings.
    /// </summary>
    /// <param name="reportName">The report ("User Access Report").</param>
    /// <param name="rowCount">The rows it holds.</param>
    /// <param name="format">The output format ("csv", "jsonl", "pdf"), if any.</param>
    /// <param name="parameters">The parameters it was generated with, by name.</param>
    /// <returns>The event.</returns>
    /// <exception cref="ArgumentException"><paramref name="reportName"/> is empty or <paramref name="rowCount"/> is negative.</exception>
    public static AuditEvent ReportGenerated(string reportName, long rowCount, string? format = null, IReadOnlyDictionary<string, string?>? parameters = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reportName);
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in parameters ?? new Dictionary<string, string?>(0))
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }

        using var document = System.Text.Json.JsonDocument.Parse(buffer.WrittenMemory);
        return new AuditEvent(AuditCategory.UserAction, AuditActions.ReportGenerated)
        {
            Message = $"Generated {reportName} ({rowCount:N0} rows)",
            Target = new AuditTarget("Report", reportName, reportName, Module: "Reports"),
            Metadata = format is null
                ? AuditMetadata.Create(("row_count", rowCount), ("parameters", document.RootElement.Clone()))
                : AuditMetadata.Create(("row_count", rowCount), ("format", format), ("parameters", document.RootElement.Clone())),
        };
    }

    /// <summary>Application settings were changed (System / SettingsChanged) with the changed values.</summary>
    public static AuditEvent SettingsChanged(string settingsArea, IReadOnlyList<FieldChange> changes) =>
        new(AuditCategory.System, AuditActions.SettingsChanged)
        {
            Risk = RiskLevel.Medium,
            Message = $"Settings changed: {settingsArea}",
            Target = new AuditTarget("Settings", settingsArea, settingsArea, Module: "Settings"),
            Changes = changes,
        };

    /// <summary>A scheduled job ran ("Scheduled Backup" on "Database"); a failure is medium risk.</summary>
    public static AuditEvent JobExecuted(string jobName, string component, AuditOutcome outcome = AuditOutcome.Success, TimeSpan? duration = null) =>
        new(AuditCategory.System, AuditActions.JobExecuted)
        {
            Actor = AuditActor.System,
            Outcome = outcome,
            Risk = outcome is AuditOutcome.Failure ? RiskLevel.Medium : RiskLevel.None,
            Message = jobName,
            Target = new AuditTarget("Job", jobName, jobName, Component: component),
            Metadata = duration is { } d ? AuditMetadata.Create(("duration_ms", (long)d.TotalMilliseconds)) : null!,
        };

    /// <summary>An integration synchronised ("Shopify").</summary>
    public static AuditEvent IntegrationSync(string integration, long recordCount, AuditOutcome outcome = AuditOutcome.Success) =>
        new(AuditCategory.System, AuditActions.IntegrationSync)
        {
            Actor = new AuditActor(integration, integration, Kind: ActorKind.Integration),
            Outcome = outcome,
            Message = "Integration Sync",
            Target = new AuditTarget("Integration", integration, integration, Component: integration),
            Metadata = AuditMetadata.Create(("record_count", recordCount)),
        };

    /// <summary>An error occurred in a component.</summary>
    public static AuditEvent Error(string component, string message, RiskLevel risk = RiskLevel.Medium) =>
        new(AuditCategory.System, AuditActions.Error)
        {
            Actor = AuditActor.System,
            Outcome = AuditOutcome.Failure,
            Risk = risk,
            Message = message,
            Target = new AuditTarget(Component: component),
        };

    /// <summary>
    /// A component is alive (System / Heartbeat), recorded by the host every heartbeat interval; the component is the
    /// event's actor (a system actor) and target. With <paramref name="responseTime"/> the component's measured
    /// response time is kept (<c>response_ms</c>) for system health's average response. See docs/insights.md.
    /// </summary>
    /// <param name="component">The component ("Database", "Notifications").</param>
    /// <param name="responseTime">The response time measured with the heartbeat, if any.</param>
    /// <returns>The event.</returns>
    public static AuditEvent Heartbeat(string component, TimeSpan? responseTime = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(component);
        return new AuditEvent(AuditCategory.System, AuditActions.Heartbeat)
        {
            Actor = new AuditActor(component, component, Kind: ActorKind.System),
            Message = $"{component} heartbeat",
            Target = new AuditTarget("Component", component, component, Component: component),
            Metadata = responseTime is { } r ? AuditMetadata.Create(("response_ms", Math.Round(r.TotalMilliseconds, 3))) : null!,
        };
    }

    /// <summary>A performance threshold was exceeded.</summary>
    public static AuditEvent PerformanceAlert(string component, string metric, double value, double threshold) =>
        new(AuditCategory.System, AuditActions.PerformanceAlert)
        {
            Actor = AuditActor.System,
            Outcome = AuditOutcome.Warning,
            Risk = RiskLevel.Medium,
            Message = $"{metric} {value} exceeded {threshold}",
            Target = new AuditTarget(Component: component),
            Metadata = AuditMetadata.Create(("metric", metric), ("value", value), ("threshold", threshold)),
        };

    /// <summary>A record was created, with its initial values.</summary>
    public static AuditEvent Created(string entityType, string recordId, string? recordName = null, IReadOnlyList<FieldChange>? changes = null) =>
        RecordChange(AuditActions.Create, entityType, recordId, recordName, changes);

    /// <summary>A record was updated, with the changed fields.</summary>
    public static AuditEvent Updated(string entityType, string recordId, string? recordName = null, IReadOnlyList<FieldChange>? changes = null) =>
        RecordChange(AuditActions.Update, entityType, recordId, recordName, changes);

    /// <summary>A record was deleted, with its final values.</summary>
    public static AuditEvent Deleted(string entityType, string recordId, string? recordName = null, IReadOnlyList<FieldChange>? changes = null) =>
        RecordChange(AuditActions.Delete, entityType, recordId, recordName, changes);

    /// <summary>A record was viewed (DataAccess / View: the product page keeps View/Read actions on their own, shorter retention).</summary>
    public static AuditEvent Viewed(string entityType, string recordId, string? recordName = null) =>
        OnRecord(AuditCategory.DataAccess, AuditActions.View, entityType, recordId, recordName, null);

    /// <summary>The entity type of alerts: the target of <see cref="AlertTriggered"/>, <see cref="AlertAcknowledged"/> and <see cref="AlertResolved"/> events (record id = the alert's id).</summary>
    public const string AlertEntityType = "Alert";

    /// <summary>
    /// An alert rule fired (Security / AlertTriggered, recorded by the alert engine as <see cref="AuditActor.System"/>): the
    /// target is the alert (entity <see cref="AlertEntityType"/>, record id = <paramref name="alertId"/>, record name = the
    /// rule's name), the risk follows the priority, the metadata holds <c>rule_id</c> and <c>priority</c> and whatever
    /// <paramref name="metadata"/> adds. See docs/alerts.md.
    /// </summary>
    /// <param name="alertId">The alert's id (the inbox entry's id).</param>
    /// <param name="ruleId">The rule's id.</param>
    /// <param name="ruleName">The rule's name.</param>
    /// <param name="priority">The rule's priority.</param>
    /// <param name="message">The rendered message.</param>
    /// <param name="metadata">More metadata (group, value, trigger_event_id…).</param>
    /// <returns>The event.</returns>
    public static AuditEvent AlertTriggered(Guid alertId, string ruleId, string ruleName, AlertPriority priority, string message, IReadOnlyDictionary<string, System.Text.Json.JsonElement>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ruleId);
        ArgumentException.ThrowIfNullOrWhiteSpace(ruleName);
        var all = new Dictionary<string, System.Text.Json.JsonElement>(metadata ?? new Dictionary<string, System.Text.Json.JsonElement>(0), StringComparer.Ordinal)
        {
            ["rule_id"] = AuditMetadata.ToJson(ruleId),
            ["priority"] = AuditMetadata.ToJson(priority.ToString()),
        };
        return new AuditEvent(AuditCategory.Security, AuditActions.AlertTriggered)
        {
            Actor = AuditActor.System,
            Outcome = AuditOutcome.Warning,
            Risk = priority switch { AlertPriority.Low => RiskLevel.Low, AlertPriority.Medium => RiskLevel.Medium, AlertPriority.High => RiskLevel.High, _ => RiskLevel.Critical },
            Message = message,
            Target = new AuditTarget(AlertEntityType, alertId.ToString("D"), ruleName, Module: "Alerts", Component: "AuditKit"),
            Metadata = all,
        };
    }

    /// <summary>Somebody (the ambient actor) acknowledged an alert (Security / AlertAcknowledged on the alert).</summary>
    /// <param name="alertId">The alert's id.</param>
    /// <param name="ruleName">The rule's name.</param>
    /// <param name="note">An optional note.</param>
    /// <returns>The event.</returns>
    public static AuditEvent AlertAcknowledged(Guid alertId, string ruleName, string? note = null) =>
        AlertStatusChanged(AuditActions.AlertAcknowledged, "Alert acknowledged", alertId, ruleName, note);

    /// <summary>Somebody (the ambient actor) resolved an alert (Security / AlertResolved on the alert).</summary>
    /// <param name="alertId">The alert's id.</param>
    /// <param name="ruleName">The rule's name.</param>
    /// <param name="note">An optional note.</param>
    /// <returns>The event.</returns>
    public static AuditEvent AlertResolved(Guid alertId, string ruleName, string? note = null) =>
        AlertStatusChanged(AuditActions.AlertResolved, "Alert resolved", alertId, ruleName, note);

    private static AuditEvent AlertStatusChanged(string action, string text, Guid alertId, string ruleName, string? note)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ruleName);
        return new AuditEvent(AuditCategory.Security, action)
        {
            Message = $"{text}: {ruleName}",
            Target = new AuditTarget(AlertEntityType, alertId.ToString("D"), ruleName, Module: "Alerts", Component: "AuditKit"),
            Metadata = note is null ? null! : AuditMetadata.Create(("note", note)),
        };
    }

    private static AuditEvent RecordChange(string action, string entityType, string recordId, string? recordName, IReadOnlyList<FieldChange>? changes) =>
        OnRecord(AuditCategory.RecordChange, action, entityType, recordId, recordName, changes);

    private static AuditEvent OnRecord(AuditCategory category, string action, string entityType, string recordId, string? recordName, IReadOnlyList<FieldChange>? changes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entityType);
        ArgumentException.ThrowIfNullOrWhiteSpace(recordId);
        return new AuditEvent(category, action)
        {
            Target = new AuditTarget(entityType, recordId, recordName),
            Changes = changes ?? [],
        };
    }
}
