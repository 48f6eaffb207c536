namespace AuditKit;

/// <summary>A stored alert rule with its id (its revision is <see cref="AlertRule.Revision"/>).</summary>
/// <param name="Id">The rule's id.</param>
/// <param name="Rule">The rule.</param>
public sealed record AlertRuleEntry(string Id, AlertRule Rule);
