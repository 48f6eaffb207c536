using AuditKit.PostgreSql;
using Npgsql;
using NpgsqlTypes;

namespace AuditKit.Benchmarks.Support;

/// <summary>
/// Events flattened to the values of a PostgreSQL audit_events row (the store's columns and its search vector),
/// written with plain Npgsql: the raw baselines.
/// </summary>
internal static class PostgreSqlRawRow
{
    /// <summary>The columns <see cref="From"/> fills, in order: the store's event columns and the search vector.</summary>
    public static readonly string Columns = PostgreSqlSchema.EventColumns + ", search";

    /// <summary>The type of each value of a row, as the store sends it.</summary>
    public static readonly NpgsqlDbType[] Types =
    [
        NpgsqlDbType.Bigint, NpgsqlDbType.Uuid, NpgsqlDbType.Bigint, NpgsqlDbType.Text, NpgsqlDbType.Integer, NpgsqlDbType.Text, NpgsqlDbType.Integer, NpgsqlDbType.Integer, NpgsqlDbType.Text,
        NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Integer,
        NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text,
        NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text,
        NpgsqlDbType.Jsonb, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Json,
        NpgsqlDbType.Bytea, NpgsqlDbType.Bytea, NpgsqlDbType.Text, NpgsqlDbType.Bytea,
        NpgsqlDbType.Bytea, // the tsvector, precomputed in PostgreSQL's binary format (as the store's COPY sends it)
    ];

    /// <summary>The type of each value of a row made with <c>searchAsText</c>: the search vector as text.</summary>
    public static readonly NpgsqlDbType[] TypesWithTextSearch = [.. Types[..^1], NpgsqlDbType.Text];

    /// <summary>
    /// Prepares and chains <paramref name="events"/> as stream 1 from <paramref name="firstSequence"/> on and returns
    /// their rows (values precomputed: the raw writer does none of the store's per-event work). The search vector is
    /// PostgreSQL's binary format (for a binary COPY), or with <paramref name="searchAsText"/> its text (for an
    /// <c>INSERT</c> that casts it, as the store's statement batch does).
    /// </summary>
    public static List<object?[]> From(List<AuditEvent> events, long firstSequence = 1, bool searchAsText = false)
    {
        var normalizer = new AuditEventNormalizer(new AuditKitOptions(), new AuditContextAccessor(), TimeProvider.System);
        using var chain = new AuditChain();
        var head = new byte[32];
        var json = new System.Buffers.ArrayBufferWriter<byte>();
        var rows = new List<object?[]>(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            normalizer.Prepare(e);
            e.StreamId = 1;
            e.Sequence = firstSequence + i;
            chain.Link(e, head);
            rows.Add(
            [
                AuditStreamKey.Pack(1, e.Sequence), e.Id, AuditCursor.ToMicros(e.Timestamp), e.TenantId, (int)e.Category, e.Action, (int)e.Outcome, (int)e.Risk, e.Message,
                e.Actor?.Id, e.Actor?.Name, e.Actor?.Email, e.Actor?.Role, e.Actor is null ? null : (int)e.Actor.Kind,
                e.Client?.IpAddress, e.Client?.Location, e.Client?.UserAgent, e.Client?.Device, e.Client?.SessionId,
                e.Target?.EntityType, e.Target?.RecordId, e.Target?.RecordName, e.Target?.Module, e.Target?.Component,
                StoredJson.WriteChanges(e.Changes, json), e.CorrelationId, e.TraceId, StoredJson.WriteMetadata(e.Metadata, json),
                e.PreviousHashBytes, e.HashBytes, null, e.FieldDigests, searchAsText ? PostgreSqlSearchVector.Text(e) : PostgreSqlSearchVector.Binary(e),
            ]);
        }

        return rows;
    }

    /// <summary>Creates the monthly partitions of audit_events that <paramref name="events"/> fall in, where missing (set-up, not timed).</summary>
    public static void CreatePartitions(NpgsqlConnection connection, IEnumerable<AuditEvent> events)
    {
        foreach (var month in events.Select(e => new DateTimeOffset(e.Timestamp.Year, e.Timestamp.Month, 1, 0, 0, 0, TimeSpan.Zero)).Distinct())
        {
            using var create = connection.CreateCommand();
            create.CommandText = $"CREATE TABLE IF NOT EXISTS raw_p{month:yyyyMM} PARTITION OF audit_events FOR VALUES FROM ({AuditCursor.ToMicros(month)}) TO ({AuditCursor.ToMicros(month.AddMonths(1))});";
            try
            {
                create.ExecuteNonQuery();
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidObjectDefinition)
            {
                // that month's partition exists already (made ahead at initialization)
            }
        }
    }
}
