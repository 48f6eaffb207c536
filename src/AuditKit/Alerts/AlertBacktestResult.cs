namespace AuditKit;

/// <summary>What a rule would have raised over a past period (<see cref="IAuditAlerts.BacktestAsync"/>); nothing was recorded or sent.</summary>
/// <param name="Alerts">The alerts it would have raised, oldest first.</param>
/// <param name="EventsRead">Events read (the period plus the rule's window before it).</param>
/// <param name="Truncated">True when the period held more than <see cref="AlertOptions.MaxBacktestEvents"/> events and only the newest were read.</param>
public sealed record AlertBacktestResult(IReadOnlyList<AlertBacktestHit> Alerts, long EventsRead, bool Truncated);

/// <summary>One alert a backtest would have raised.</summary>
/// <param name="At">The time of the event that completed the rule.</param>
/// <param name="Group">The group.</param>
/// <param name="Value">The measured value.</param>
/// <param name="SuppressedBefore">Repeats suppressed since the group's previous alert.</param>
/// <param name="TriggerEventId">The completing event's id.</param>
/// <param name="TriggerDisplayId">Its display id.</param>
/// <param name="Message">The rendered message (plain text).</param>
public sealed record AlertBacktestHit(DateTimeOffset At, string Group, double Value, long SuppressedBefore, Guid TriggerEventId, string TriggerDisplayId, string Message);
