namespace AuditKit;

/// <summary>
/// One rule's evaluation state: per group (tenant + <see cref="AlertRule.GroupBy"/> values) the events of its sliding
/// window, kept sorted by event time, and when it last fired. Memory is bounded: at most <c>maxGroups</c> groups (the
/// group seen longest ago is dropped first) of at most <c>maxEvents</c> window entries each (the oldest dropped first).
/// Not thread-safe: the engine calls it from its subscription's single handler.
/// </summary>
internal sealed class AlertRuleState(CompiledAlertRule rule, int maxGroups, int maxEvents)
{
    private readonly Dictionary<string, LinkedListNode<Group>> _groups = new(StringComparer.Ordinal);
    private readonly LinkedList<Group> _recent = new();

    public CompiledAlertRule Rule => rule;

    public int GroupCount => _groups.Count;

    /// <summary>Applies one event; returns the alert it raises (after suppression), or null.</summary>
    public async ValueTask<AlertTrigger?> ApplyAsync(AuditEvent e, AlertBaseline baseline, CancellationToken cancellationToken)
    {
        var first = rule.When(e);
        var second = rule.Then?.Invoke(e) ?? false;
        if (!first && !second)
        {
            return null;
        }

        if (GroupKey(e) is not { } key)
        {
            return null;
        }

        var group = Find(key);
        var t = rule.Threshold;
        var ticks = e.Timestamp.UtcTicks;
        if (t is null)
        {
            return Suppress(group, e, 1, e.Timestamp);
        }

        var within = t.Within.Ticks;
        switch (t.Kind)
        {
            case AlertThresholdKind.Count:
            case AlertThresholdKind.DistinctCount:
            case AlertThresholdKind.Sum:
            {
                var entry = new Entry(ticks, 1, null);
                if (t.Kind != AlertThresholdKind.Count)
                {
                    var value = rule.Measured!(e);
                    if (!value.Present || (t.Kind == AlertThresholdKind.Sum && value.Number is null))
                    {
                        return null;
                    }

                    entry = new Entry(ticks, value.Number ?? 0, value.Text);
                }

                var at = group.Insert(entry, within, maxEvents);
                if (at < 0)
                {
                    return null; // older than the group's window: it completes no window that is still kept
                }

                // The windows ending at this event and at any later one it now falls into (an event of another stream can arrive late).
                for (var i = at; i < group.Entries.Count && group.Entries[i].Ticks - ticks <= within; i++)
                {
                    var anchor = group.Entries[i].Ticks;
                    if (i > at && anchor == group.Entries[i - 1].Ticks)
                    {
                        continue;
                    }

                    var end = group.LastAtOrBefore(anchor);
                    var measured = group.Measure(t.Kind, anchor - within, end);
                    if (measured >= t.AtLeast)
                    {
                        return Suppress(group, e, measured, new DateTimeOffset(anchor - within, TimeSpan.Zero));
                    }
                }

                return null;
            }

            case AlertThresholdKind.Sequence:
            {
                AlertTrigger? trigger = null;
                if (second)
                {
                    var start = group.FirstAtOrAfter(ticks - within);
                    var end = group.LastAtOrBefore(ticks);
                    var count = end - start + 1;
                    if (count >= t.AtLeast)
                    {
                        group.Entries.Clear(); // the sequence is consumed: the next one starts afresh
                        trigger = Suppress(group, e, count, new DateTimeOffset(ticks - within, TimeSpan.Zero));
                    }
                }

                if (first && trigger is null)
                {
                    group.Insert(new Entry(ticks, 1, null), within, maxEvents);
                }

                return trigger;
            }

            case AlertThresholdKind.Anomaly:
            {
                group.Insert(new Entry(ticks, 1, null), within, maxEvents);
                var start = group.FirstAtOrAfter(ticks - within);
                var count = group.LastAtOrBefore(ticks) - start + 1;
                if (count < t.AtLeast)
                {
                    return null;
                }

                var hour = ticks - (ticks % TimeSpan.TicksPerHour);
                if (group.BaselineHour != hour)
                {
                    var to = new DateTimeOffset(hour, TimeSpan.Zero);
                    var perHour = await baseline(e.TenantId, e.Actor!.Id!, to.AddDays(-t.BaselineDays), to, cancellationToken).ConfigureAwait(false);
                    group.Baseline = perHour * (within / (double)TimeSpan.TicksPerHour);
                    group.BaselineHour = hour;
                }

                return count > group.Baseline * t.Factor
                    ? Suppress(group, e, count, new DateTimeOffset(ticks - within, TimeSpan.Zero))
                    : null;
            }

            default:
                return null;
        }
    }

    // One alert per group per suppression period (by event time, either side of the last alert); repeats inside it are counted onto the next alert.
    private AlertTrigger? Suppress(Group group, AuditEvent e, double value, DateTimeOffset windowStart)
    {
        if (group.LastFired is { } last && rule.Rule.Suppression > TimeSpan.Zero && (e.Timestamp - last).Duration() < rule.Rule.Suppression)
        {
            group.Suppressed++;
            return null;
        }

        var suppressed = group.Suppressed;
        group.Suppressed = 0;
        group.LastFired = e.Timestamp;
        return new AlertTrigger(rule, group.Key, e, value, windowStart, suppressed);
    }

    private string? GroupKey(AuditEvent e)
    {
        if (rule.GroupBy.Length == 0)
        {
            return e.TenantId ?? "";
        }

        var parts = new string[rule.GroupBy.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var value = rule.GroupBy[i](e);
            if (!value.Present && rule.Threshold?.Kind == AlertThresholdKind.Anomaly)
            {
                return null; // no actor, no baseline
            }

            parts[i] = $"{rule.GroupByNames[i]}={value.Text}";
        }

        var joined = string.Join(", ", parts);
        return e.TenantId is null ? joined : $"tenant={e.TenantId}, {joined}";
    }

    private Group Find(string key)
    {
        if (_groups.TryGetValue(key, out var node))
        {
            _recent.Remove(node);
            _recent.AddFirst(node);
            return node.Value;
        }

        if (_groups.Count >= maxGroups)
        {
            var oldest = _recent.Last!;
            _recent.RemoveLast();
            _groups.Remove(oldest.Value.Key);
        }

        node = _recent.AddFirst(new Group(key));
        _groups[key] = node;
        return node.Value;
    }

    /// <summary>One window entry: event time, its number (1 for counts) and its text (distinct counts).</summary>
    private readonly record struct Entry(long Ticks, double Number, string? Text);

    private sealed class Group(string key)
    {
        public string Key => key;

        public List<Entry> Entries { get; } = [];

        public DateTimeOffset? LastFired { get; set; }

        public long Suppressed { get; set; }

        public long BaselineHour { get; set; } = -1;

        public double Baseline { get; set; }

        // Inserts in time order (after equal times), drops entries older than the newest minus the window, then the oldest past the cap.
        public int Insert(Entry entry, long within, int max)
        {
            var at = LastAtOrBefore(entry.Ticks) + 1;
            Entries.Insert(at, entry);
            var horizon = Entries[^1].Ticks - within;
            var stale = FirstAtOrAfter(horizon);
            var drop = Math.Max(stale, Entries.Count - max);
            if (drop > 0)
            {
                Entries.RemoveRange(0, drop);
                at -= drop;
            }

            return at;
        }

        public double Measure(AlertThresholdKind kind, long fromTicks, int end)
        {
            var start = FirstAtOrAfter(fromTicks);
            switch (kind)
            {
                case AlertThresholdKind.Sum:
                    var sum = 0d;
                    for (var i = start; i <= end; i++)
                    {
                        sum += Entries[i].Number;
                    }

                    return sum;
                case AlertThresholdKind.DistinctCount:
                    var distinct = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                    for (var i = start; i <= end; i++)
                    {
                        distinct.Add(Entries[i].Text!);
                    }

                    return distinct.Count;
                default:
                    return end - start + 1;
            }
        }

        // The index of the first entry at or after the time (Count when none).
        public int FirstAtOrAfter(long ticks)
        {
            int lo = 0, hi = Entries.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (Entries[mid].Ticks < ticks)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return lo;
        }

        // The index of the last entry at or before the time (-1 when none).
        public int LastAtOrBefore(long ticks)
        {
            int lo = 0, hi = Entries.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (Entries[mid].Ticks <= ticks)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return lo - 1;
        }
    }
}
