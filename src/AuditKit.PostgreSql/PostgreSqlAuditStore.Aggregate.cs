using Dapper;
using Npgsql;

namespace AuditKit.PostgreSql;

// Aggregates read the hourly roll-ups for the whole hours of the range and count the events of the
// partial hours at its edges (RollupAggregator, shared with SQLite). Filters the roll-ups cannot answer
// fall back to a GROUP BY over the events.
public sealed partial class PostgreSqlAuditStore
{
    /// <inheritdoc />
    public override async Task<IReadOnlyList<AggregateCount>> AggregateAsync(AggregateQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        var filter = query.AsFilter();
        await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        var timeOk = !AggregateKeys.IsTime(query.GroupBy) || AggregateKeys.HourAligned(query.TimeZone, query.From, query.To);
        var counts = timeOk && RollupPlan.TryCreate(filter, query.GroupBy, out var plan)
            ? await RollupAggregateAsync(connection, filter, plan, query.GroupBy, query.TimeZone, cancellationToken).ConfigureAwait(false)
            : await RollupAggregator.ScanAsync(filter, query.GroupBy, query.TimeZone, Scanner(connection), cancellationToken).ConfigureAwait(false);
        return AggregateKeys.Finish(counts, query.GroupBy);
    }

    // The roll-ups, the trailing events past their marks and the edge scans are read in one snapshot (a repeatable-read
    // transaction): a flush that moves events from the tail into the roll-ups meanwhile can neither add nor drop them.
    private static async Task<Dictionary<string, long>> RollupAggregateAsync(
        NpgsqlConnection connection, AuditQuery filter, RollupPlan plan, AggregateDimension? groupBy, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        var counts = await RollupAggregator.CountAsync(filter, plan, groupBy, zone, RollupReader(connection, transaction), Scanner(connection), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return counts;
    }

    private static RollupAggregator.ReadRollups RollupReader(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        RollupCounter? tail = null;
        return async (plan, start, end, tenant, perBucket, cancellationToken) =>
        {
            tail ??= await ReadRollupTailAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            var rows = (await ReadRollupRowsAsync(connection, transaction, plan, start, end, tenant, perBucket, cancellationToken).ConfigureAwait(false)).AsList();
            rows.AddRange(tail.Read(plan, start, end, tenant, perBucket));
            return rows;
        };
    }

    private static async Task<IEnumerable<(long Bucket, string Key, long Count)>> ReadRollupRowsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, RollupPlan plan, long? start, long? end, string? tenant, bool perBucket, CancellationToken cancellationToken)
    {
        var sql = new System.Text.StringBuilder(perBucket ? "SELECT bucket AS Bucket" : "SELECT 0::bigint AS Bucket")
            .Append(", key AS Key, sum(count)::bigint AS Count FROM audit_rollups WHERE dim = @dim");
        var p = new DynamicParameters();
        p.Add("dim", plan.StoredDimension);
        if (start is { } s)
        {
            sql.Append(" AND bucket >= @start");
            p.Add("start", s);
        }

        if (end is { } e)
        {
            sql.Append(" AND bucket < @end");
            p.Add("end", e);
        }

        if (tenant is not null)
        {
            sql.Append(" AND tenant = @tenant");
            p.Add("tenant", tenant);
        }

        if (plan.Keys is { } keys)
        {
            sql.Append(" AND key = ANY(@keys)");
            p.Add("keys", keys.ToArray());
        }

        if (plan.Prefix is { } prefix)
        {
            sql.Append(" AND starts_with(key, @prefix)");
            p.Add("prefix", prefix);
        }

        sql.Append(perBucket ? " GROUP BY bucket, key;" : " GROUP BY key;");
        return await connection.QueryAsync<(long Bucket, string Key, long Count)>(new CommandDefinition(sql.ToString(), p, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    private static RollupAggregator.ScanEvents Scanner(NpgsqlConnection connection) => async (filter, groupBy, from, to, cancellationToken) =>
    {
        var (where, parameters) = PostgreSqlFilter.Build(filter, null, from, to);
        var select = groupBy switch
        {
            null => "SELECT '' AS Key, count(*)::bigint AS Count FROM audit_events e" + where,
            AggregateDimension.Category => "SELECT CAST(e.category AS TEXT) AS Key, count(*)::bigint AS Count FROM audit_events e" + where + " GROUP BY e.category",
            AggregateDimension.Action => "SELECT e.action AS Key, count(*)::bigint AS Count FROM audit_events e" + where + " GROUP BY e.action",
            AggregateDimension.Actor => "SELECT coalesce(e.actor_id, '') AS Key, count(*)::bigint AS Count FROM audit_events e" + where + " GROUP BY 1",
            AggregateDimension.EntityType => "SELECT coalesce(e.entity_type, '') AS Key, count(*)::bigint AS Count FROM audit_events e" + where + " GROUP BY 1",
            AggregateDimension.Outcome => "SELECT CAST(e.outcome AS TEXT) AS Key, count(*)::bigint AS Count FROM audit_events e" + where + " GROUP BY e.outcome",
            AggregateDimension.Risk => "SELECT CAST(e.risk AS TEXT) AS Key, count(*)::bigint AS Count FROM audit_events e" + where + " GROUP BY e.risk",
            _ => $"SELECT CAST(div(e.ts, {AggregateKeys.MicrosPerQuarterHour}) AS TEXT) AS Key, count(*)::bigint AS Count FROM audit_events e" + where + " GROUP BY 1",
        };
        return await connection.QueryAsync<(string Key, long Count)>(new CommandDefinition(select + ";", parameters, cancellationToken: cancellationToken)).ConfigureAwait(false);
    };
}
