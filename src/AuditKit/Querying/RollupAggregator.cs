namespace AuditKit.Providers;

/// <summary>
/// How the database stores answer counts and dashboards: the hourly roll-ups for the whole hours of the range, and
/// a scan of the events for the partial hours at its edges (or for a range inside one hour). The SQL is the
/// provider's (<see cref="ReadRollups"/>, <see cref="ScanEvents"/>); the arithmetic is shared.
/// </summary>
public static class RollupAggregator
{
    /// <summary>Roll-up rows of one dimension: whole hours in [start, end), optionally one tenant and some keys; per bucket when asked.</summary>
    public delegate Task<IEnumerable<(long Bucket, string Key, long Count)>> ReadRollups(RollupPlan plan, long? start, long? end, string? tenant, bool perBucket, CancellationToken cancellationToken);

    /// <summary>Counts events matching the filter in [from, to) grouped by the dimension, as (raw key, count); see <see cref="ScanKey"/>.</summary>
    public delegate Task<IEnumerable<(string Key, long Count)>> ScanEvents(AuditQuery filter, AggregateDimension? groupBy, long? from, long? to, CancellationToken cancellationToken);

    /// <summary>Counts through a roll-up plan: whole UTC days from daily rows, the hours around them from hourly rows, partial hours by scanning events; keys as <see cref="AggregateCount.Key"/>.</summary>
    public static async Task<Dictionary<string, long>> CountAsync(
        AuditQuery filter, RollupPlan plan, AggregateDimension? groupBy, TimeZoneInfo zone, ReadRollups readRollups, ScanEvents scan, CancellationToken cancellationToken)
    {
        const long Hour = AggregateKeys.MicrosPerHour;
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        long? from = filter.From is { } f ? AuditCursor.ToMicros(f) : null;
        long? to = filter.To is { } t ? AuditCursor.ToMicros(t) : null;
        long? firstWhole = from is { } lo ? CeilHour(lo) : null;
        long? endWhole = to is { } hi ? hi - (((hi % Hour) + Hour) % Hour) : null;
        if (firstWhole is { } a && endWhole is { } b && a >= b)
        {
            await AddScanAsync(counts, filter, groupBy, zone, from, to, scan, cancellationToken).ConfigureAwait(false);
            return counts;
        }

        var time = groupBy is { } g && AggregateKeys.IsTime(g);
        foreach (var (start, end, daily) in Spans(firstWhole, endWhole, time))
        {
            var source = daily ? plan with { Daily = true } : plan;
            foreach (var row in await readRollups(source, start, end, filter.TenantId, time, cancellationToken).ConfigureAwait(false))
            {
                if (plan.Project(row.Key) is not { } projected)
                {
                    continue;
                }

                var key = groupBy is null ? string.Empty : time ? AggregateKeys.TimeKey(row.Bucket, groupBy.Value, zone) : projected;
                counts[key] = counts.GetValueOrDefault(key) + row.Count;
            }
        }

        if (from is { } head && firstWhole is { } headEnd && head < headEnd)
        {
            await AddScanAsync(counts, filter, groupBy, zone, head, headEnd, scan, cancellationToken).ConfigureAwait(false);
        }

        if (to is { } tail && endWhole is { } tailStart && tailStart < tail)
        {
            await AddScanAsync(counts, filter, groupBy, zone, tailStart, tail, scan, cancellationToken).ConfigureAwait(false);
        }

        return counts;
    }

    /// <summary>A scan over the whole filter (when the roll-ups cannot answer it), keyed as the roll-ups are.</summary>
    public static async Task<Dictionary<string, long>> ScanAsync(AuditQuery filter, AggregateDimension? groupBy, TimeZoneInfo zone, ScanEvents scan, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await AddScanAsync(counts, filter, groupBy, zone, null, null, scan, cancellationToken).ConfigureAwait(false);
        return counts;
    }

    /// <summary>
    /// The canonical key of a scanned group: providers group categories and outcomes by their number and time by
    /// quarter hours since the epoch (a quarter hour is the finest offset any time zone has).
    /// </summary>
    public static string ScanKey(string raw, AggregateDimension? groupBy, TimeZoneInfo zone) => groupBy switch
    {
        null => string.Empty,
        AggregateDimension.Category => AuditCanonicalForm.CategoryName((AuditCategory)long.Parse(raw, System.Globalization.CultureInfo.InvariantCulture)),
        AggregateDimension.Outcome => ((AuditOutcome)long.Parse(raw, System.Globalization.CultureInfo.InvariantCulture)).ToString(),
        AggregateDimension.Risk => ((RiskLevel)long.Parse(raw, System.Globalization.CultureInfo.InvariantCulture)).ToString(),
        AggregateDimension.Day or AggregateDimension.Hour => AggregateKeys.TimeKey(long.Parse(raw, System.Globalization.CultureInfo.InvariantCulture) * AggregateKeys.MicrosPerQuarterHour, groupBy.Value, zone),
        _ => raw,
    };

    private static async Task AddScanAsync(
        Dictionary<string, long> counts, AuditQuery filter, AggregateDimension? groupBy, TimeZoneInfo zone, long? from, long? to, ScanEvents scan, CancellationToken cancellationToken)
    {
        foreach (var (raw, count) in await scan(filter with { Cursor = null }, groupBy, from, to, cancellationToken).ConfigureAwait(false))
        {
            var key = ScanKey(raw, groupBy, zone);
            counts[key] = counts.GetValueOrDefault(key) + count;
        }
    }

    // The whole hours [start, end) as roll-up reads: whole UTC days from the daily rows and the hours around them from
    // the hourly rows (a grouping by time reads hourly rows only).
    private static IEnumerable<(long? Start, long? End, bool Daily)> Spans(long? start, long? end, bool hourlyOnly)
    {
        const long Day = RollupCounter.MicrosPerDay;
        long? dayStart = start is { } a ? RollupCounter.Ceil(a, Day) : null;
        long? dayEnd = end is { } b ? RollupCounter.Floor(b, Day) : null;
        if (hourlyOnly || (dayStart is { } ds && dayEnd is { } de && ds >= de))
        {
            yield return (start, end, false);
            yield break;
        }

        yield return (dayStart, dayEnd, true);
        if (start is { } s && s < dayStart!.Value)
        {
            yield return (s, dayStart, false);
        }

        if (end is { } e && dayEnd!.Value < e)
        {
            yield return (dayEnd, e, false);
        }
    }

    private static long CeilHour(long micros)
    {
        const long Hour = AggregateKeys.MicrosPerHour;
        var floor = micros - (((micros % Hour) + Hour) % Hour);
        return floor == micros ? micros : floor + Hour;
    }
}
