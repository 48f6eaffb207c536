namespace AuditKit;

/// <summary>One risk rule: events of <see cref="Action"/> (and, when set, of <see cref="Outcome"/>) get <see cref="Risk"/> when the caller set none.</summary>
public sealed class AuditRiskRule
{
    /// <summary>The action the rule matches (<see cref="AuditActions"/> or the host's own); compared ordinally.</summary>
    public string Action { get; set; } = "";

    /// <summary>Only events of this outcome; <see langword="null"/> matches any.</summary>
    public AuditOutcome? Outcome { get; set; }

    /// <summary>The risk assigned.</summary>
    public RiskLevel Risk { get; set; }
}
