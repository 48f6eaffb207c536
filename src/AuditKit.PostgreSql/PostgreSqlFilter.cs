using System.Text;
using Dapper;

namespace AuditKit.PostgreSql;

/// <summary>The WHERE clause of an <see cref="AuditQuery"/> over <c>audit_events e</c>.</summary>
internal static class PostgreSqlFilter
{
    public static (string Where, DynamicParameters Parameters) Build(AuditQuery q, AuditCursor? cursor, long? fromMicros = null, long? toMicros = null)
    {
        var sql = new StringBuilder(" WHERE true");
        var p = new DynamicParameters();
        var from = fromMicros ?? (q.From is { } f ? AuditCursor.ToMicros(f) : (long?)null);
        var to = toMicros ?? (q.To is { } t ? AuditCursor.ToMicros(t) : (long?)null);
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

        Equal(sql, p, "e.tenant_id", "tenant", q.TenantId);
        In(sql, p, "e.actor_id", "actors", q.ActorIds?.ToArray());
        In(sql, p, "e.actor_role", "roles", q.Roles?.ToArray());
        In(sql, p, "e.category", "categories", q.Categories?.Select(c => (int)c).ToArray());
        In(sql, p, "e.action", "actions", q.Actions?.ToArray());
        In(sql, p, "e.outcome", "outcomes", q.Outcomes?.Select(o => (int)o).ToArray());
        In(sql, p, "e.entity_type", "entities", q.EntityTypes?.ToArray());
        if (q.MinimumRisk is { } risk and > RiskLevel.None)
        {
            sql.Append(" AND e.risk >= @risk");
            p.Add("risk", (int)risk);
        }

        Equal(sql, p, "e.record_id", "record", q.RecordId);
        Equal(sql, p, "e.correlation_id", "correlation", q.CorrelationId);
        Equal(sql, p, "e.client_ip", "ip", q.IpAddress);

        var terms = SearchTerms.Parse(q.Text);
        if (terms.Count > 0)
        {
            sql.Append(" AND e.search @@ @match::tsquery");
            p.Add("match", TsQuery(terms));
        }

        if (cursor is { } c)
        {
            sql.Append(" AND e.ts <= @cts AND (e.ts < @cts OR e.key < @ckey)");
            p.Add("cts", c.TimestampMicros);
            p.Add("ckey", c.Key);
        }

        return (sql.ToString(), p);
    }

    /// <summary>All terms, each a quoted lexeme (<c>'word'</c>, or <c>'word':*</c> for a prefix). Words hold only letters and digits.</summary>
    public static string TsQuery(IReadOnlyList<SearchTerm> terms) =>
        string.Join(" & ", terms.Select(t => "'" + t.Text.Replace("'", "''", StringComparison.Ordinal).Replace("\\", "\\\\", StringComparison.Ordinal) + (t.Prefix ? "':*" : "'")));

    private static void In<T>(StringBuilder sql, DynamicParameters p, string column, string name, T[]? values)
    {
        if (values is not { Length: > 0 })
        {
            return;
        }

        if (values.Length == 1)
        {
            sql.Append(" AND ").Append(column).Append(" = @").Append(name);
            p.Add(name, values[0]);
            return;
        }

        sql.Append(" AND ").Append(column).Append(" = ANY(@").Append(name).Append(')');
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
