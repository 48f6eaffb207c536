using Dapper;
using Npgsql;

namespace AuditKit.PostgreSql;

// Aggregates read the hourly roll-ups for the whole hours of the range and count the events of the
// partial hours at its edges, so a dashboard over months reads a few thousand roll-up rows, not millions
// of events. Filters the roll-ups cannot answer fall back to a GROUP BY over the events.
public sealed partial class PostgreSqlAuditStore
{
    private const long Hour = AggregateKeys.MicrosPerHour;

    /// <inheritdoc />
    public override async Task<IReadOnlyList<AggregateCount>> AggregateAsync(AggregateQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        var filter = query.AsFilter();
        await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        Dictionary<string, long> counts;
        var timeOk = !AggregateKeys.IsTime(query.GroupBy) || AggregateKeys.HourAligned(query.TimeZone, query.From, query.To);
        if (timeOk && RollupPlan.TryCreate(filter, query.GroupBy, out var plan))
        {
            counts = await RollupAggregateAsync(connection, filter, plan, query.GroupBy, query.TimeZone, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            counts = [];
            await ScanAsync(connection, filter, query.GroupBy, query.TimeZone, null, null, counts, cancellationToken).ConfigureAwait(false);
        }

        return AggregateKeys.Finish(counts, query.GroupBy);
    }

    private static async Task<Dictionary<string, long>> RollupAggregateAsync(
        NpgsqlConnection connection, AuditQuery filter, RollupPlan plan, AggregateDimension? groupBy, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        long? from = filter.From is { } f ? AuditCursor.ToMicros(f) : null;
        long? to = filter.To is { } t ? AuditCursor.ToMicros(t) : null;
        long? firstWhole = from is { } lo ? CeilHour(lo) : null;
        long? endWhole = to is { } hi ? hi - (((hi % Hour) + Hour) % Hour) : null;
        if (firstWhole is { } a && endWhole is { } b && a >= b)
        {
            await ScanAsync(connection, filter, groupBy, zone, from, to, counts, cancellationToken).ConfigureAwait(false);
            return counts;
        }

        var time = groupBy is { } g && AggregateKeys.IsTime(g);
        var sql = new System.Text.StringBuilder(time ? "SELECT bucket AS Bucket" : "SELECT 0::bigint AS Bucket").Append(", key AS Key, sum(count)::bigint AS Count FROM audit_rollups WHERE dim = @dim");
        var p = new DynamicParameters();
        p.Add("dim", (int)plan.Dimension);
        if (firstWhole is { } start)
        {
            sql.Append(" AND bucket >= @start");
            p.Add("start", start);
        }

        if (endWhole is { } end)
        {
            sql.Append(" AND bucket < @end");
            p.Add("end", end);
        }

        if (filter.TenantId is not null)
        {
            sql.Append(" AND tenant = @tenant");
            p.Add("tenant", filter.TenantId);
        }

        if (plan.Keys is { } keys)
        {
            sql.Append(" AND key = ANY(@keys)");
            p.Add("keys", keys.ToArray());
        }

        sql.Append(time ? " GROUP BY bucket, key;" : " GROUP BY key;");
        var rows = await connection.QueryAsync<(long Bucket, string Key, long Count)>(new CommandDefinition(sql.ToString(), p, cancellationToken: cancellationToken)).ConfigureAwait(false);
        foreach (var row in rows)
        {
            var key = groupBy is null ? string.Empty : time ? AggregateKeys.TimeKey(row.Bucket, groupBy.Value, zone) : row.Key;
            counts[key] = counts.GetValueOrDefault(key) + row.Count;
        }

        if (from is { } head && firstWhole is { } headEnd && head < headEnd)
        {
            await ScanAsync(connection, filter, groupBy, zone, head, headEnd, counts, cancellationToken).ConfigureAwait(false);
        }

        if (to is { } tail && endWhole is { } tailStart && tailStart < tail)
        {
            await ScanAsync(connection, filter, groupBy, zone, tailStart, tail, counts, cancellationToken).ConfigureAwait(false);
        }

        return counts;
    }

    private static async Task ScanAsync(
        NpgsqlConnection connection, AuditQuery filter, AggregateDimension? groupBy, TimeZoneInfo zone, long? from, long? to, Dictionary<string, long> counts, CancellationToken cancellationToken)
    {
        var (where, parameters) = PostgreSqlFilter.Build(filter with { Cursor = null }, null, from, to);
        var select = groupBy switch
        {
            null => "SELECT '' AS Key, count(*)::bigint AS Count FROM audit_events e" + where,
            AggregateDimension.Category => "SELECT CAST(e.category AS TEXT) AS Key, count(*)::bigint AS Count FROM audit_events e" + where + " GROUP BY e.category",
            AggregateDimension.Action => "SELECT e.action AS Key, count(*)::bigint AS Count FROM audit_events e" + where + " GROUP BY e.action",
            AggregateDimension.Actor => "SELECT coalesce(e.actor_id, '') AS Key, count(*)::bigint AS Count FROM audit_events e" + where + " GROUP BY 1",
            AggregateDimension.EntityType => "SELECT coalesce(e.entity_type, '') AS Key, count(*)::bigint AS Count FROM audit_events e" + where + " GROUP BY 1",
            AggregateDimension.Outcome => "SELECT CAST(e.outcome AS TEXT) AS Key, count(*)::bigint AS Count FROM audit_events e" + where + " GROUP BY e.outcome",
            _ => $"SELECT CAST(div(e.ts, {AggregateKeys.MicrosPerQuarterHour}) AS TEXT) AS Key, count(*)::bigint AS Count FROM audit_events e" + where + " GROUP BY 1",
        };
        var rows = await connection.QueryAsync<(string Key, long Count)>(new CommandDefinition(select + ";", parameters, cancellationToken: cancellationToken)).ConfigureAwait(false);
        foreach (var (raw, count) in rows)
        {
            var key = groupBy switch
            {
                null => string.Empty,
                AggregateDimension.Category => AuditCanonicalForm.CategoryName((AuditCategory)long.Parse(raw, System.Globalization.CultureInfo.InvariantCulture)),
                AggregateDimension.Outcome => ((AuditOutcome)long.Parse(raw, System.Globalization.CultureInfo.InvariantCulture)).ToString(),
                AggregateDimension.Day or AggregateDimension.Hour => AggregateKeys.TimeKey(long.Parse(raw, System.Globalization.CultureInfo.InvariantCulture) * AggregateKeys.MicrosPerQuarterHour, groupBy.Value, zone),
                _ => raw,
            };
            counts[key] = counts.GetValueOrDefault(key) + count;
        }
    }

    private static long CeilHour(long micros)
    {
        var floor = micros - (((micros % Hour) + Hour) % Hour);
        return floor == micros ? micros : floor + Hour;
    }
}
