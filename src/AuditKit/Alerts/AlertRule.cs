namespace AuditKit;

/// <summary>
/// An alert rule as the Alert Rules screen edits it: stored with the others in the <see cref="AlertRules"/> settings
/// document (versioned, every change a SettingsChanged event), evaluated after commit by the alert engine. See docs/alerts.md.
/// </summary>
public sealed class AlertRule
{
    /// <summary>The rule's name ("Failed Logins").</summary>
    public string Name { get; set; } = "";

    /// <summary>What it is for.</summary>
    public string? Description { get; set; }

    /// <summary>Active (evaluated) or paused. Default true.</summary>
    public bool Active { get; set; } = true;

    /// <summary>How urgent its alerts are. Default <see cref="AlertPriority.Medium"/>.</summary>
    public AlertPriority Priority { get; set; } = AlertPriority.Medium;

    /// <summary>Which events the rule looks at; null for every event.</summary>
    public AlertCondition? When { get; set; }

    /// <summary>What must add up across events; null: every matching event triggers.</summary>
    public AlertThreshold? Threshold { get; set; }

    /// <summary>
    /// The fields whose values make a group (windows and suppression are per group, and always per tenant). Default
    /// <c>["actor.id"]</c>; empty: one group per tenant.
    /// </summary>
    public List<string> GroupBy { get; set; } = ["actor.id"];

    /// <summary>One alert per group per this period; repeats inside it are suppressed and counted. Default 1 hour; zero for none.</summary>
    public TimeSpan Suppression { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The notification channels by name (registered with AuditKit.Notifications); the in-app inbox always gets the alert.</summary>
    public List<string> Channels { get; set; } = [];

    /// <summary>The message with placeholders: <c>{user_name} {record_count} {entity_type} {timestamp}</c> and any event field; see docs/alerts.md.</summary>
    public string? Message { get; set; }

    /// <summary>The rule's revision: 1 when created, one more per change (set by <see cref="IAuditAlerts.SaveRuleAsync"/>).</summary>
    public long Revision { get; set; }
}
