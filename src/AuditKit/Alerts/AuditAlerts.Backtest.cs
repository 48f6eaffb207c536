namespace AuditKit;

/// <summary>Backtests: a rule run over stored events of the ambient tenant into fresh state, raising nothing.</summary>
internal sealed partial class AuditAlerts
{
    public async Task<AlertBacktestResult> BacktestAsync(AlertRule rule, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (from > to)
        {
            throw new ArgumentException($"The backtest's from ({from:O}) is after its to ({to:O}).", nameof(from));
        }

        var compiled = CompiledAlertRule.Compile("backtest", rule);
        var state = new AlertRuleState(compiled, options.MaxGroupsPerRule, options.MaxEventsPerGroup);
        var tenant = context.Current?.TenantId;

        // Read the period and the window before it, newest first, then replay oldest first.
        var events = new List<AuditEvent>();
        var truncated = false;
        string? cursor = null;
        do
        {
            var page = await reader.QueryAsync(new AuditQuery { From = from - (rule.Threshold?.Within ?? TimeSpan.Zero), To = to, PageSize = AuditQuery.MaxPageSize, Cursor = cursor }, cancellationToken).ConfigureAwait(false);
            events.AddRange(page.Events.Where(e => !AlertEngine.IsAlertEvent(e)));
            cursor = page.NextCursor;
            if (events.Count >= options.MaxBacktestEvents && cursor is not null)
            {
                truncated = true;
                break;
            }
        }
        while (cursor is not null);

        events.Sort(static (a, b) => a.Timestamp != b.Timestamp ? a.Timestamp.CompareTo(b.Timestamp) : a.StreamId != b.StreamId ? a.StreamId.CompareTo(b.StreamId) : a.Sequence.CompareTo(b.Sequence));
        var hits = new List<AlertBacktestHit>();
        foreach (var e in events)
        {
            var trigger = await state.ApplyAsync(e, (_, actor, f, t, ct) => AlertEngine.BaselineAsync(store, tenant ?? e.TenantId, actor, f, t, ct), cancellationToken).ConfigureAwait(false);
            if (trigger is not null && e.Timestamp >= from)
            {
                var text = new AlertNotification
                {
                    AlertId = Guid.Empty,
                    RuleId = compiled.Id,
                    RuleName = rule.Name,
                    Priority = rule.Priority,
                    Template = string.IsNullOrEmpty(rule.Message) ? AlertTemplate.Default : rule.Message,
                    TriggerEvent = e,
                    Value = trigger.Value,
                    Group = trigger.Group,
                    SuppressedBefore = trigger.SuppressedBefore,
                    TriggeredAt = e.Timestamp,
                }.Text;
                hits.Add(new AlertBacktestHit(e.Timestamp, trigger.Group, trigger.Value, trigger.SuppressedBefore, e.Id, e.DisplayId, text));
            }
        }

        return new AlertBacktestResult(hits, events.Count, truncated);
    }
}
