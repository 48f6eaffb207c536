using System.Globalization;

namespace AuditKit;

/// <summary>
/// An alert on its way to a notification channel (<see cref="IAlertChannel"/>): the rule, the event that triggered it and
/// the template. Channels render it with their own escaping (<see cref="Render"/>).
/// </summary>
public sealed class AlertNotification
{
    /// <summary>The alert's id (the inbox entry's id).</summary>
    public required Guid AlertId { get; init; }

    /// <summary>The rule's id.</summary>
    public required string RuleId { get; init; }

    /// <summary>The rule's name.</summary>
    public required string RuleName { get; init; }

    /// <summary>The rule's priority.</summary>
    public required AlertPriority Priority { get; init; }

    /// <summary>The message template (<see cref="AlertTemplate.Default"/> when the rule has none).</summary>
    public required string Template { get; init; }

    /// <summary>The event that completed the rule's condition and threshold.</summary>
    public required AuditEvent TriggerEvent { get; init; }

    /// <summary>The measured value: the count, distinct count or sum of the window (1 without a threshold).</summary>
    public required double Value { get; init; }

    /// <summary>The group the alert is for (<c>actor.id=u-7</c>).</summary>
    public required string Group { get; init; }

    /// <summary>Repeats of this rule and group suppressed since its previous alert.</summary>
    public long SuppressedBefore { get; init; }

    /// <summary>When the alert was raised.</summary>
    public required DateTimeOffset TriggeredAt { get; init; }

    /// <summary>The tenant of the events, if any.</summary>
    public string? TenantId => TriggerEvent.TenantId;

    /// <summary>A subject line: <c>[High] Mass Data Export</c> (plain text; escape it for the channel).</summary>
    public string Subject => $"[{Priority}] {RuleName}";

    /// <summary>The message with the values as they are (for plain-text channels and the inbox).</summary>
    public string Text => Render(static v => v);

    /// <summary>Renders the template with <paramref name="escape"/> applied to every value.</summary>
    /// <param name="escape">The channel's escaping.</param>
    /// <returns>The message.</returns>
    public string Render(Func<string, string> escape) => AlertTemplate.Render(Template, Lookup, escape);

    /// <summary>
    /// A placeholder's value: <c>user_name</c>, <c>user_id</c>, <c>user_email</c>, <c>user_role</c>, <c>record_count</c>,
    /// <c>entity_type</c>, <c>record_id</c>, <c>record_name</c>, <c>timestamp</c> (UTC, ISO 8601), <c>action</c>,
    /// <c>category</c>, <c>outcome</c>, <c>risk</c>, <c>ip</c>, <c>tenant</c>, <c>message</c>, <c>display_id</c>,
    /// <c>rule_name</c>, <c>rule_id</c>, <c>priority</c>, <c>count</c>, <c>group</c>, <c>suppressed</c>, <c>alert_id</c>;
    /// then any metadata key of the event (<c>format</c>), then any alert field path (<c>actor.role</c>, <c>metadata.format</c>,
    /// <c>changed.Status</c>). Null when unknown; an empty string when known but not set.
    /// </summary>
    /// <param name="name">The placeholder's name.</param>
    /// <returns>The value, or null.</returns>
    public string? Lookup(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var e = TriggerEvent;
        switch (name)
        {
            case "user_name": return e.Actor?.Name ?? e.Actor?.Id ?? "";
            case "user_id": return e.Actor?.Id ?? "";
            case "user_email": return e.Actor?.Email ?? "";
            case "user_role": return e.Actor?.Role ?? "";
            case "entity_type": return e.Target?.EntityType ?? "";
            case "record_id": return e.Target?.RecordId ?? "";
            case "record_name": return e.Target?.RecordName ?? "";
            case "timestamp": return e.Timestamp.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
            case "action": return e.Action;
            case "category": return e.Category.ToString();
            case "outcome": return e.Outcome.ToString();
            case "risk": return e.Risk.ToString();
            case "ip": return e.Client?.IpAddress ?? "";
            case "tenant": return e.TenantId ?? "";
            case "message": return e.Message ?? "";
            case "display_id": return e.DisplayId;
            case "rule_name": return RuleName;
            case "rule_id": return RuleId;
            case "priority": return Priority.ToString();
            case "count": return AlertField.Format(Value);
            case "group": return Group;
            case "suppressed": return SuppressedBefore.ToString(CultureInfo.InvariantCulture);
            case "alert_id": return AlertId.ToString("D");
        }

        if (e.Metadata.TryGetValue(name, out var json))
        {
            return AlertField.FromJson(json).Text ?? "";
        }

        if (name == "record_count")
        {
            return "";
        }

        try
        {
            return AlertField.Compile(name, "placeholder")(e).Text ?? "";
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
