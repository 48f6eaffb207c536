namespace AuditKit;

/// <summary>
/// One alert of the in-app inbox, read from its <see cref="AuditActions.AlertTriggered"/> event and the
/// <see cref="AuditActions.AlertAcknowledged"/> / <see cref="AuditActions.AlertResolved"/> events recorded on it.
/// </summary>
/// <param name="Id">The alert's id.</param>
/// <param name="RuleId">The rule's id.</param>
/// <param name="RuleName">The rule's name when the alert was raised.</param>
/// <param name="Priority">The rule's priority.</param>
/// <param name="Status">Active, Acknowledged or Resolved.</param>
/// <param name="Message">The rendered message (plain text).</param>
/// <param name="TriggeredAt">When the alert was recorded.</param>
/// <param name="TenantId">The tenant of the events that raised it.</param>
/// <param name="Group">The group (<c>actor.id=u-7</c>).</param>
/// <param name="Value">The measured count, distinct count or sum.</param>
/// <param name="SuppressedBefore">Repeats of the rule and group suppressed since the group's previous alert.</param>
/// <param name="TriggerEventId">The id of the event that completed the rule.</param>
/// <param name="TriggerDisplayId">That event's display id (<c>LOG-2026-8456789</c>).</param>
/// <param name="AlertDisplayId">The AlertTriggered event's own display id.</param>
/// <param name="AcknowledgedBy">Who acknowledged it (actor id), if anyone.</param>
/// <param name="AcknowledgedAt">When.</param>
/// <param name="ResolvedBy">Who resolved it (actor id), if anyone.</param>
/// <param name="ResolvedAt">When.</param>
public sealed record AlertInboxEntry(
    Guid Id,
    string RuleId,
    string RuleName,
    AlertPriority Priority,
    AlertStatus Status,
    string Message,
    DateTimeOffset TriggeredAt,
    string? TenantId,
    string Group,
    double Value,
    long SuppressedBefore,
    Guid TriggerEventId,
    string? TriggerDisplayId,
    string AlertDisplayId,
    string? AcknowledgedBy,
    DateTimeOffset? AcknowledgedAt,
    string? ResolvedBy,
    DateTimeOffset? ResolvedAt);
