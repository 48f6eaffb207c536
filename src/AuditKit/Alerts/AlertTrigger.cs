namespace AuditKit;

/// <summary>What a rule raised for one group: the event that completed the condition, the measured value and the repeats suppressed before it.</summary>
internal sealed record AlertTrigger(CompiledAlertRule Rule, string Group, AuditEvent Event, double Value, DateTimeOffset WindowStart, long SuppressedBefore);

/// <summary>An actor's average events per active hour over a period (the anomaly baseline).</summary>
internal delegate Task<double> AlertBaseline(string? tenantId, string actorId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
