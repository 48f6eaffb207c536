using Dapper;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace AuditKit.Sqlite;

/// <summary>
/// The free-text index and the roll-ups of stored events, and how they trail. Both are derived from the events
/// (the schema rebuilds them from the events alone), so a small batch — an awaited event, an EF Core save — commits
/// its events without them: FTS5 writes a new segment (and merges) per transaction and the roll-ups ~24 upserts, 70%
/// of a one-event commit's time (docs/benchmarks.md, "Awaited events"). The events past a stream's mark in
/// <c>audit_index_marks</c> are indexed and counted by a later commit of the writer once
/// <see cref="DefaultTrailBelow"/> of them trail, by a bulk batch, by a deletion or an erasure (which first bring every
/// mark to its stream's head), and when the writer stops. A stream without a mark has every event indexed.
/// Readers stay exact: a text search adds the trailing events its terms match (read and matched by the core's rules,
/// <see cref="AuditEventFilter"/>), an aggregate adds their counts, in the same snapshot as the index it reads.
/// </summary>
internal sealed class SqliteTrailingIndex : IDisposable
{
    /// <summary>Batches smaller than this trail; once this many events trail, the next commit indexes them.</summary>
    internal const int DefaultTrailBelow = 64;

    // The events past each mark: the mark's stream, then each event after it (by key, so the range is a rowid seek).
    private static readonly string TailJoin =
        $" FROM audit_index_marks m JOIN audit_events e ON e.key > ((m.stream_id << {AuditStreamKey.SequenceBits}) | m.sequence)"
        + $" AND e.key <= ((m.stream_id << {AuditStreamKey.SequenceBits}) | {AuditStreamKey.MaxSequence})";

    private static readonly string TailEventsSql =
        "SELECT " + string.Join(", ", SqliteSchema.ReadColumns.Split(", ").Select(c => "e." + c)) + TailJoin;

    /// <summary>The columns a roll-up counts (<see cref="Count"/> reads them in this order).</summary>
    public const string RollupColumns = "e.ts, e.tenant_id, e.category, e.action, e.actor_id, e.entity_type, e.outcome, e.risk";

    private static readonly string TailCountsSql = "SELECT " + RollupColumns + TailJoin + ";";

    private readonly SqliteConnection _connection;
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _fts;
    private readonly sqlite3_stmt _rollup;
    private readonly sqlite3_stmt _trail;
    private readonly sqlite3_stmt _move;
    private readonly RollupCounter _rollups = new();

    public SqliteTrailingIndex(SqliteConnection connection)
    {
        _connection = connection;
        _db = connection.Handle!;
        _fts = SqliteRaw.Prepare(_db, "INSERT INTO audit_events_fts (rowid, body) VALUES (?1, ?2);");
        _rollup = SqliteRaw.Prepare(_db, "INSERT INTO audit_rollups (dim, tenant, bucket, key, count) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (dim, tenant, bucket, key) DO UPDATE SET count = count + excluded.count;");
        _trail = SqliteRaw.Prepare(_db, "INSERT INTO audit_index_marks (stream_id, sequence) VALUES (?1, ?2) ON CONFLICT (stream_id) DO NOTHING;");
        _move = SqliteRaw.Prepare(_db, "UPDATE audit_index_marks SET sequence = ?2 WHERE stream_id = ?1 AND sequence < ?2;");
    }

    /// <summary>Forgets counts not yet written (a transaction that failed before <see cref="WriteRollups"/>).</summary>
    public void Reset() => _rollups.Clear();

    /// <summary>Indexes one stored event's text and counts it (the counts are written by <see cref="WriteRollups"/>).</summary>
    public void Index(long key, AuditEvent e)
    {
        SqliteRaw.Int64(_db, _fts, 1, key);
        SqliteRaw.Text(_db, _fts, 2, SearchDocument.IndexText(e));
        SqliteRaw.Execute(_db, _fts);
        _rollups.Add(e);
    }

    /// <summary>Adds the counts of the events indexed since the last call to the roll-ups.</summary>
    public void WriteRollups()
    {
        foreach (var (dim, tenant, bucket, value, count) in _rollups.Rows)
        {
            SqliteRaw.Int64(_db, _rollup, 1, dim);
            SqliteRaw.Text(_db, _rollup, 2, tenant);
            SqliteRaw.Int64(_db, _rollup, 3, bucket);
            SqliteRaw.Text(_db, _rollup, 4, value);
            SqliteRaw.Int64(_db, _rollup, 5, count);
            SqliteRaw.Execute(_db, _rollup);
        }

        _rollups.Clear();
    }

    /// <summary>
    /// Leaves a stream's events from <paramref name="firstSequence"/> on trailing: gives the stream a mark just before
    /// them unless it has one (then they already follow it).
    /// </summary>
    public void Trail(int streamId, long firstSequence)
    {
        SqliteRaw.Int64(_db, _trail, 1, streamId);
        SqliteRaw.Int64(_db, _trail, 2, firstSequence - 1);
        SqliteRaw.Execute(_db, _trail);
    }

    /// <summary>After a batch indexed in its own commit (every trailing event indexed first): the stream's mark moves to its last event.</summary>
    public void Indexed(int streamId, long lastSequence)
    {
        SqliteRaw.Int64(_db, _move, 1, streamId);
        SqliteRaw.Int64(_db, _move, 2, lastSequence);
        SqliteRaw.Execute(_db, _move);
    }

    /// <summary>
    /// Indexes and counts every stored event past every mark and moves the marks to them, in the caller's write
    /// <paramref name="transaction"/> (events it stored are included). Returns how many events it indexed.
    /// </summary>
    public int CatchUp(SqliteTransaction transaction)
    {
        _rollups.Clear();
        var tail = new List<StoredEventRow>();
        using (var read = _connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = TailEventsSql + " ORDER BY e.key;";
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                tail.Add(SqliteEventReader.Read(reader));
            }
        }

        var heads = new Dictionary<int, long>();
        foreach (var row in tail)
        {
            Index(row.Key, row.ToEvent());
            heads[AuditStreamKey.StreamOf(row.Key)] = AuditStreamKey.SequenceOf(row.Key);
        }

        WriteRollups();
        foreach (var (stream, head) in heads)
        {
            Indexed(stream, head);
        }

        return tail.Count;
    }

    /// <summary>The trailing events counted as the roll-ups count them, read in the caller's snapshot.</summary>
    public static async Task<RollupCounter> ReadRollupTailAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var counter = new RollupCounter();
        var reader = await connection.ExecuteReaderAsync(new CommandDefinition(TailCountsSql, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                Count(counter, reader);
            }
        }

        return counter;
    }

    /// <summary>Counts the event of a row of <see cref="RollupColumns"/>.</summary>
    public static void Count(RollupCounter counter, System.Data.Common.DbDataReader reader) => counter.Add(
        reader.GetInt64(0),
        reader.IsDBNull(1) ? null : reader.GetString(1),
        (AuditCategory)reader.GetInt64(2),
        reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        (AuditOutcome)reader.GetInt64(6),
        (RiskLevel)reader.GetInt64(7));

    /// <summary>The keys of the trailing events whose text <paramref name="text"/>'s terms match, read in the caller's snapshot.</summary>
    public static async Task<HashSet<long>> ReadTextTailAsync(SqliteConnection connection, string text, CancellationToken cancellationToken)
    {
        var filter = AuditEventFilter.Create(new AuditQuery { Text = text });
        var keys = new HashSet<long>();
        var reader = await connection.ExecuteReaderAsync(new CommandDefinition(TailEventsSql + ";", cancellationToken: cancellationToken)).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var row = SqliteEventReader.Read(reader);
                if (filter.Matches(row.ToEvent()))
                {
                    keys.Add(row.Key);
                }
            }
        }

        return keys;
    }

    public void Dispose()
    {
        _fts.Dispose(); // finalizes the statement
        _rollup.Dispose();
        _trail.Dispose();
        _move.Dispose();
    }
}
