namespace AuditKit;

/// <summary>
/// When an alert rule needs more than one event: a measure over an exact sliding window of event time per group
/// (<see cref="AlertRule.GroupBy"/>). A window of <see cref="Within"/> ending at an event holds the events of the group at
/// most <see cref="Within"/> earlier (both ends inclusive). See docs/alerts.md.
/// </summary>
public sealed class AlertThreshold
{
    /// <summary>What is measured. Default <see cref="AlertThresholdKind.Count"/>.</summary>
    public AlertThresholdKind Kind { get; set; }

    /// <summary>The value that fires: count, distinct count or sum ≥ this; for a sequence the first step's count; for an anomaly the least count. Default 1.</summary>
    public double AtLeast { get; set; } = 1;

    /// <summary>The window's length. Default 10 minutes; at most 31 days.</summary>
    public TimeSpan Within { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The field whose distinct values (<see cref="AlertThresholdKind.DistinctCount"/>) or numbers (<see cref="AlertThresholdKind.Sum"/>) are measured, e.g. <c>ip</c> or <c>metadata.record_count</c>.</summary>
    public string? Field { get; set; }

    /// <summary>The second step of a <see cref="AlertThresholdKind.Sequence"/> (e.g. <c>action = Login</c>).</summary>
    public AlertCondition? Then { get; set; }

    /// <summary>An anomaly's factor over the actor's baseline. Default 3.</summary>
    public double Factor { get; set; } = 3;

    /// <summary>The days an anomaly's baseline covers (before the current hour). Default 30.</summary>
    public int BaselineDays { get; set; } = 30;
}
