using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuditKit;

/// <summary>
/// The alert engine: the committed-log subscriber (<see cref="AlertOptions.SubscriptionName"/>) that evaluates every active
/// rule on every committed event of every stream, records an <see cref="AuditActions.AlertTriggered"/> event per alert and
/// hands it to the notification channels. Only the instance holding the subscription's lease evaluates. Its window state is
/// rebuilt from the store whenever it may be stale: at the first batch, after a rule change, after a failed batch and when
/// another instance handled events in between (a batch starts past the sequence it expects).
/// </summary>
internal sealed class AlertEngine : IAuditSubscriber, IDisposable
{
    private const int PageSize = 1_000;
    private const int MaxRemembered = 100_000;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly AuditStore _store;
    private readonly IAuditLog _log;
    private readonly IAuditSettings _settings;
    private readonly AlertDispatcher _dispatcher;
    private readonly AlertOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AlertEngine> _logger;
    private readonly IDisposable _watch;
    private readonly Dictionary<int, long> _expected = [];
    private readonly HashSet<string> _fired = new(StringComparer.Ordinal);
    private readonly Queue<string> _firedOrder = new();
    private List<AlertRuleState> _states = [];
    private volatile bool _stale = true;

    public AlertEngine(AuditStore store, IAuditLog log, IAuditSettings settings, AlertDispatcher dispatcher, IOptions<AlertOptions> options, TimeProvider time, ILogger<AlertEngine> logger)
    {
        _store = store;
        _log = log;
        _settings = settings;
        _dispatcher = dispatcher;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _watch = settings.Watch<AlertRules>(AlertRules.DocumentName, _ => _stale = true);
    }

    /// <summary>The rules being evaluated (for tests and diagnostics).</summary>
    internal IReadOnlyList<AlertRuleState> States => _states;

    public async Task HandleAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }

        var stream = events[0].StreamId;
        if (_stale || events[0].Sequence > _expected.GetValueOrDefault(stream) + 1)
        {
            await RebuildAsync(events[0], cancellationToken).ConfigureAwait(false);
        }

        try
        {
            foreach (var e in events)
            {
                if (e.Sequence <= _expected.GetValueOrDefault(stream))
                {
                    continue; // applied already (a batch delivered again after a failure)
                }

                if (!IsAlertEvent(e))
                {
                    foreach (var state in _states)
                    {
                        if (await state.ApplyAsync(e, BaselineAsync, cancellationToken).ConfigureAwait(false) is { } trigger)
                        {
                            await RaiseAsync(trigger, cancellationToken).ConfigureAwait(false);
                        }
                    }
                }

                _expected[stream] = e.Sequence;
            }
        }
        catch
        {
            _stale = true; // part of the batch may be applied: rebuild before it comes again
            throw;
        }
    }

    public void Dispose() => _watch.Dispose();

    /// <summary>The alert engine's own events (alerts, acknowledgements, resolutions) are never evaluated: an alert never raises an alert.</summary>
    internal static bool IsAlertEvent(AuditEvent e) =>
        e.Action is AuditActions.AlertTriggered or AuditActions.AlertAcknowledged or AuditActions.AlertResolved;

    /// <summary>Compiles the stored rules; an invalid one is logged and skipped, never stops the others.</summary>
    internal static List<AlertRuleState> Compile(AlertRules rules, AlertOptions options, ILogger logger)
    {
        var states = new List<AlertRuleState>();
        foreach (var (id, rule) in rules.Rules.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (rule is not { Active: true })
            {
                continue;
            }

            try
            {
                states.Add(new AlertRuleState(CompiledAlertRule.Compile(id, rule), options.MaxGroupsPerRule, options.MaxEventsPerGroup));
            }
            catch (ArgumentException ex)
            {
                AlertLog.RuleInvalid(logger, ex, id);
            }
        }

        return states;
    }

    /// <summary>The anomaly baseline: the actor's average events per active hour (hours with at least one event) over the period.</summary>
    internal static async Task<double> BaselineAsync(AuditStore store, string? tenantId, string actorId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var hours = await store.AggregateAsync(
            new AggregateQuery { From = from, To = to, GroupBy = AggregateDimension.Hour, TenantId = tenantId, Filter = new AuditQuery { ActorIds = [actorId] } },
            cancellationToken).ConfigureAwait(false);
        return hours.Count == 0 ? 0 : hours.Sum(h => h.Count) / (double)hours.Count;
    }

    private Task<double> BaselineAsync(string? tenantId, string actorId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        BaselineAsync(_store, tenantId, actorId, from, to, cancellationToken);

    // Replays the handled events of the longest lookback (window + suppression) into fresh state, without raising
    // anything, and remembers the alerts already raised in it so that a batch delivered again raises none twice.
    private async Task RebuildAsync(AuditEvent first, CancellationToken cancellationToken)
    {
        _stale = false;
        var rules = await _settings.GetAsync<AlertRules>(AlertRules.DocumentName, cancellationToken).ConfigureAwait(false);
        var states = Compile(rules.Value, _options, _logger);
        var positions = await ReadPositionsAsync(cancellationToken).ConfigureAwait(false);
        positions[first.StreamId] = first.Sequence - 1;
        _expected.Clear();
        foreach (var (stream, sequence) in positions)
        {
            _expected[stream] = sequence;
        }

        _states = states;
        if (states.Count == 0)
        {
            return;
        }

        var lookback = states.Max(s => s.Rule.Lookback);
        var now = _time.GetUtcNow();
        var from = (first.Timestamp < now ? first.Timestamp : now) - lookback - TimeSpan.FromMinutes(1);
        var replay = new List<AuditEvent>();
        string? cursor = null;
        do
        {
            var page = await _store.QueryAsync(new AuditQuery { From = from, PageSize = PageSize, Cursor = cursor }, cancellationToken).ConfigureAwait(false);
            foreach (var e in page.Events)
            {
                if (e.Action == AuditActions.AlertTriggered)
                {
                    if (e.Metadata.TryGetValue("rule_id", out var rule) && e.Metadata.TryGetValue("trigger_event_id", out var trigger))
                    {
                        Remember($"{rule.GetString()}|{trigger.GetString()}");
                    }
                }
                else if (!IsAlertEvent(e) && e.Sequence <= positions.GetValueOrDefault(e.StreamId) && states.Exists(s => s.Rule.When(e) || (s.Rule.Then?.Invoke(e) ?? false)))
                {
                    replay.Add(e);
                }
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);

        replay.Sort(static (a, b) => a.Timestamp != b.Timestamp ? a.Timestamp.CompareTo(b.Timestamp) : a.StreamId != b.StreamId ? a.StreamId.CompareTo(b.StreamId) : a.Sequence.CompareTo(b.Sequence));
        foreach (var e in replay)
        {
            foreach (var state in states)
            {
                await state.ApplyAsync(e, BaselineAsync, cancellationToken).ConfigureAwait(false);
            }
        }

        AlertLog.Rebuilt(_logger, states.Count, replay.Count, from);
    }

    private async Task<Dictionary<int, long>> ReadPositionsAsync(CancellationToken cancellationToken)
    {
        var document = await _store.GetSettingsAsync(AuditSubscriptionLease.DocumentName(AlertOptions.SubscriptionName), cancellationToken).ConfigureAwait(false);
        var state = document is null ? null : JsonSerializer.Deserialize<AuditSubscriptionState>(document.Json, Json);
        return state?.Positions is { } positions ? new Dictionary<int, long>(positions) : [];
    }

    private async Task RaiseAsync(AlertTrigger trigger, CancellationToken cancellationToken)
    {
        var key = $"{trigger.Rule.Id}|{trigger.Event.Id:D}";
        if (_fired.Contains(key))
        {
            return; // raised before a crash or failure, and the batch came again
        }

        var rule = trigger.Rule.Rule;
        var now = _time.GetUtcNow();
        var notification = new AlertNotification
        {
            AlertId = Guid.CreateVersion7(now),
            RuleId = trigger.Rule.Id,
            RuleName = rule.Name,
            Priority = rule.Priority,
            Template = string.IsNullOrEmpty(rule.Message) ? AlertTemplate.Default : rule.Message,
            TriggerEvent = trigger.Event,
            Value = trigger.Value,
            Group = trigger.Group,
            SuppressedBefore = trigger.SuppressedBefore,
            TriggeredAt = now,
        };
        var message = notification.Text;
        if (message.Length > 4_000)
        {
            message = message[..4_000];
        }

        var alert = AuditEvents.AlertTriggered(notification.AlertId, trigger.Rule.Id, rule.Name, rule.Priority, message, AuditMetadata.Create(
            ("group", trigger.Group),
            ("value", trigger.Value),
            ("window_start", trigger.WindowStart),
            ("trigger_event_id", trigger.Event.Id.ToString("D")),
            ("trigger_display_id", trigger.Event.DisplayId),
            ("suppressed", trigger.SuppressedBefore))) with { TenantId = trigger.Event.TenantId };
        await _log.RecordAsync(alert, AuditDurability.Committed, cancellationToken).ConfigureAwait(false);
        Remember(key);
        AlertLog.Raised(_logger, trigger.Rule.Id, trigger.Group, trigger.Event.DisplayId);
        _dispatcher.Enqueue(notification, rule.Channels ?? []);
    }

    private void Remember(string key)
    {
        if (_fired.Add(key))
        {
            _firedOrder.Enqueue(key);
            if (_firedOrder.Count > MaxRemembered)
            {
                _fired.Remove(_firedOrder.Dequeue());
            }
        }
    }
}
