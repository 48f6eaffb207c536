using System.Text;
using Dapper;

namespace AuditKit.Sqlite;

/// <summary>Builds the WHERE clause of a query: parameters only, never user text in SQL.</summary>
internal static class SqliteFilter
{
    // entityTypesByTime writes the entity type condition as +e.entity_type, which keeps SQLite from choosing the entity
    // index: for a common entity type, walking the time index newest first finds a page at once, where the entity index
    // would sort every matching row first.
    // textTail: the keys of events trailing behind the free-text index that the query's text matches
    // (SqliteTrailingIndex.ReadTextTailAsync, read in the same snapshot); required when the query has text.
    public static (string Where, DynamicParameters Parameters) Build(AuditQuery q, AuditCursor? cursor, long? fromMicros = null, long? toMicros = null, bool entityTypesByTime = false, IReadOnlyCollection<long>? textTail = null)
    {
        var sql = new StringBuilder(" WHERE 1 = 1");
        var p = new DynamicParameters();
        var from = fromMicros ?? (q.From is { } f ? AuditCursor.ToMicros(f) : (long?)null);
        var to = toMicros ?? (q.To is { } t ? AuditCursor.ToMicros(t) : (long?)null);
        if (cursor is { } after)
        {
            // A next page ends at its cursor's time: one upper bound, so SQLite starts the time index there instead of
            // at the range's end and stepping over every row already read (59 ms → 4 ms half-way through 1,000,000).
            to = to is { } end && end <= after.TimestampMicros ? end : after.TimestampMicros + 1;
        }

        if (from is { } lo)
        {
            sql.Append(" AND e.ts >= @from");
            p.Add("from", lo);
        }

        if (to is { } hi)
        {
            sql.Append(" AND e.ts < @to");
            p.Add("to", hi);
        }

        if (q.TenantId is not null)
        {
            sql.Append(" AND e.tenant_id = @tenant");
            p.Add("tenant", q.TenantId);
        }

        In(sql, p, "e.actor_id", "actors", q.ActorIds);
        In(sql, p, "e.actor_role", "roles", q.Roles);
        In(sql, p, "e.category", "categories", q.Categories?.Select(c => (long)c).ToList());
        In(sql, p, "e.action", "actions", q.Actions);
        In(sql, p, "e.outcome", "outcomes", q.Outcomes?.Select(o => (long)o).ToList());
        In(sql, p, entityTypesByTime ? "+e.entity_type" : "e.entity_type", "entities", q.EntityTypes);
        if (q.MinimumRisk is { } risk and > RiskLevel.None)
        {
            sql.Append(" AND e.risk >= @risk");
            p.Add("risk", (long)risk);
        }

        Equal(sql, p, "e.record_id", "record", q.RecordId);
        Equal(sql, p, "e.correlation_id", "correlation", q.CorrelationId);
        Equal(sql, p, "e.client_ip", "ip", q.IpAddress);

        var terms = SearchTerms.Parse(q.Text);
        if (terms.Count > 0)
        {
            if (textTail is null)
            {
                throw new InvalidOperationException("A free-text filter needs the trailing events it matches (SqliteTrailingIndex).");
            }

            sql.Append(textTail.Count == 0
                ? " AND e.key IN (SELECT rowid FROM audit_events_fts WHERE audit_events_fts MATCH @match)"
                : " AND (e.key IN (SELECT rowid FROM audit_events_fts WHERE audit_events_fts MATCH @match) OR e.key IN (SELECT value FROM json_each(@tail)))");
            p.Add("match", MatchExpression(terms));
            if (textTail.Count > 0)
            {
                p.Add("tail", JsonArray(textTail));
            }
        }

        if (cursor is { } c)
        {
            sql.Append(" AND (e.ts < @cts OR e.key < @ckey)");
            p.Add("cts", c.TimestampMicros);
            p.Add("ckey", c.Key);
        }

        return (sql.ToString(), p);
    }

    /// <summary>Each term quoted (prefix terms with <c>*</c>); terms hold only letters and digits, so nothing else can reach FTS5's query syntax.</summary>
    public static string MatchExpression(IReadOnlyList<SearchTerm> terms) =>
        string.Join(' ', terms.Select(t => "\"" + t.Text.Replace("\"", "\"\"", StringComparison.Ordinal) + (t.Prefix ? "\"*" : "\"")));

    /// <summary>Keys as a JSON array, for <c>json_each</c>: one parameter however many keys.</summary>
    public static string JsonArray(IEnumerable<long> keys)
    {
        var builder = new StringBuilder(256).Append('[');
        foreach (var key in keys)
        {
            if (builder.Length > 1)
            {
                builder.Append(',');
            }

            builder.Append(key.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return builder.Append(']').ToString();
    }

    private static void In<T>(StringBuilder sql, DynamicParameters p, string column, string name, IReadOnlyList<T>? values)
    {
        if (values is not { Count: > 0 })
        {
            return;
        }

        if (values.Count == 1)
        {
            sql.Append(" AND ").Append(column).Append(" = @").Append(name);
            p.Add(name, values[0]);
            return;
        }

        sql.Append(" AND ").Append(column).Append(" IN @").Append(name);
        p.Add(name, values);
    }

    private static void Equal(StringBuilder sql, DynamicParameters p, string column, string name, string? value)
    {
        if (value is not null)
        {
            sql.Append(" AND ").Append(column).Append(" = @").Append(name);
            p.Add(name, value);
        }
    }
}
