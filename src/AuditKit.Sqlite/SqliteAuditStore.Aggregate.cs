using Dapper;
using Microsoft.Data.Sqlite;

namespace AuditKit.Sqlite;

// Aggregates read the hourly roll-ups for the whole hours of the range and count the events of the
// partial hours at its edges (RollupAggregator), so a dashboard over months reads a few thousand roll-up
// rows, not millions of events. Filters the roll-ups cannot answer fall back to a GROUP BY over the events.
public sealed partial class SqliteAuditStore
{
    /// <inheritdoc />
    public override async Task<IReadOnlyList<AggregateCount>> AggregateAsync(AggregateQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        var filter = query.AsFilter();
        await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        using var snapshot = SqliteReadSnapshot.Begin(connection);
        var timeOk = !AggregateKeys.IsTime(query.GroupBy) || AggregateKeys.HourAligned(query.TimeZone, query.From, query.To);
        var counts = timeOk && RollupPlan.TryCreate(filter, query.GroupBy, out var plan)
            ? await RollupAggregateAsync(connection, filter, plan, query.GroupBy, query.TimeZone, cancellationToken).ConfigureAwait(false)
            : await RollupAggregator.ScanAsync(filter, query.GroupBy, query.TimeZone, Scanner(connection, await TextTailAsync(connection, filter, cancellationToken).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
        return AggregateKeys.Finish(counts, query.GroupBy);
    }

    // Called in a snapshot (SqliteReadSnapshot): the roll-ups, the events trailing behind them and the edge scans are one state of the file.
    private static Task<Dictionary<string, long>> RollupAggregateAsync(
        SqliteConnection connection, AuditQuery filter, RollupPlan plan, AggregateDimension? groupBy, TimeZoneInfo zone, CancellationToken cancellationToken) =>
        RollupAggregator.CountAsync(filter, plan, groupBy, zone, RollupReader(connection), Scanner(connection, null), cancellationToken);

    /// <summary>The keys of trailing events that the query's free text matches (null without text): what the index cannot answer yet.</summary>
    private static async Task<HashSet<long>?> TextTailAsync(SqliteConnection connection, AuditQuery query, CancellationToken cancellationToken) =>
        SearchTerms.Parse(query.Text).Count == 0 ? null : await SqliteTrailingIndex.ReadTextTailAsync(connection, query.Text!, cancellationToken).ConfigureAwait(false);

    private static RollupAggregator.ReadRollups RollupReader(SqliteConnection connection)
    {
        RollupCounter? tail = null;
        return async (plan, start, end, tenant, perBucket, cancellationToken) =>
        {
            tail ??= await SqliteTrailingIndex.ReadRollupTailAsync(connection, cancellationToken).ConfigureAwait(false);
            var rows = (await ReadRollupRowsAsync(connection, plan, start, end, tenant, perBucket, cancellationToken).ConfigureAwait(false)).AsList();
            rows.AddRange(tail.Read(plan, start, end, tenant, perBucket));
            return rows;
        };
    }

    private static async Task<IEnumerable<(long Bucket, string Key, long Count)>> ReadRollupRowsAsync(
        SqliteConnection connection, RollupPlan plan, long? start, long? end, string? tenant, bool perBucket, CancellationToken cancellationToken)
    {
        // Listed keys read each key's series from the key index; otherwise the range of the time-keyed primary key.
        var sql = new System.Text.StringBuilder("SELECT bucket AS Bucket, key AS Key, sum(count) AS Count FROM audit_rollups")
            .Append(plan.Keys is null ? " WHERE dim = @dim" : " INDEXED BY ix_audit_rollups_key WHERE dim = @dim");
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
            sql.Append(" AND key IN @keys");
            p.Add("keys", keys);
        }

        if (plan.Prefix is { } prefix)
        {
            sql.Append(" AND instr(key, @prefix) = 1");
            p.Add("prefix", prefix);
        }

        sql.Append(perBucket ? " GROUP BY bucket, key;" : " GROUP BY key;");
        return await connection.QueryAsync<(long Bucket, string Key, long Count)>(new CommandDefinition(sql.ToString(), p, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    private static RollupAggregator.ScanEvents Scanner(SqliteConnection connection, HashSet<long>? textTail) => async (filter, groupBy, from, to, cancellationToken) =>
    {
        var (where, parameters) = SqliteFilter.Build(filter, null, from, to, textTail: textTail);
        var select = groupBy switch
        {
            null => "SELECT '' AS Key, count(*) AS Count FROM audit_events e" + where,
            AggregateDimension.Category => "SELECT CAST(e.category AS TEXT) AS Key, count(*) AS Count FROM audit_events e" + where + " GROUP BY e.category",
            AggregateDimension.Action => "SELECT e.action AS Key, count(*) AS Count FROM audit_events e" + where + " GROUP BY e.action",
            AggregateDimension.Actor => "SELECT coalesce(e.actor_id, '') AS Key, count(*) AS Count FROM audit_events e" + where + " GROUP BY 1",
            AggregateDimension.EntityType => "SELECT coalesce(e.entity_type, '') AS Key, count(*) AS Count FROM audit_events e" + where + " GROUP BY 1",
            AggregateDimension.Outcome => "SELECT CAST(e.outcome AS TEXT) AS Key, count(*) AS Count FROM audit_events e" + where + " GROUP BY e.outcome",
            AggregateDimension.Risk => "SELECT CAST(e.risk AS TEXT) AS Key, count(*) AS Count FROM audit_events e" + where + " GROUP BY e.risk",
            _ => $"SELECT CAST(e.ts / {AggregateKeys.MicrosPerQuarterHour} AS TEXT) AS Key, count(*) AS Count FROM audit_events e" + where + " GROUP BY e.ts / " + AggregateKeys.MicrosPerQuarterHour,
        };
        return await connection.QueryAsync<(string Key, long Count)>(new CommandDefinition(select + ";", parameters, cancellationToken: cancellationToken)).ConfigureAwait(false);
    };
}
