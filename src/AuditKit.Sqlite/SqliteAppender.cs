using System.Buffers;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace AuditKit.Sqlite;

/// <summary>
/// The hot insert loop: prepared statements on the writer's own connection, one IMMEDIATE transaction per batch.
/// The event row and its free-text row are bound by position straight on SQLite's statements (SQLitePCL): the
/// ADO.NET layer looked each of the 33 parameters up by name, boxed every value and built a data reader per row —
/// 12–16% of the writer's time on realistic events (docs/benchmarks.md). The roll-up upserts are bound the same way:
/// a batch writes ~24 of them whatever its size (one event or a thousand alike), so for the small batches of awaited
/// events and EF Core saves their per-statement cost counts.
/// </summary>
internal sealed class SqliteAppender : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _insert;
    private readonly sqlite3_stmt _fts;
    private readonly sqlite3_stmt _rollup;
    private readonly ArrayBufferWriter<byte> _json = new(1024);
    private readonly RollupCounter _rollups = new();
    private bool _largeCache;

    public SqliteAppender(SqliteConnection connection)
    {
        _connection = connection;
        _db = connection.Handle!;
        var columns = SqliteSchema.EventColumns.Split(", ");
        _insert = Prepare($"INSERT INTO audit_events ({SqliteSchema.EventColumns}) VALUES ({string.Join(", ", columns.Select((_, i) => "?" + (i + 1)))}) ON CONFLICT (key) DO NOTHING;");
        _fts = Prepare("INSERT INTO audit_events_fts (rowid, body) VALUES (?1, ?2);");

        _rollup = Prepare("INSERT INTO audit_rollups (dim, tenant, bucket, key, count) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (dim, tenant, bucket, key) DO UPDATE SET count = count + excluded.count;");
    }

    /// <summary>
    /// The first batch of at least this many events gives the writer's connection <see cref="LargeCacheSql"/>: a
    /// bulk transaction then neither spills dirty pages into the WAL before its commit nor reads evicted index pages
    /// again. Until then the connection keeps SQLite's 2 MB default, because SQLite walks the whole page-cache hash
    /// at the end of every transaction: with 32 MB that walk was the top function of one-event commits
    /// (docs/benchmarks.md, "Awaited events").
    /// </summary>
    internal const int LargeCacheFrom = 1_000;

    /// <summary>The bulk writer's page cache: 32 MB.</summary>
    internal const string LargeCacheSql = "PRAGMA cache_size = -32768;";

    /// <summary>Whether a batch of <see cref="LargeCacheFrom"/> or more switched the connection to the large cache.</summary>
    internal bool LargeCache => _largeCache;

    public void Append(IReadOnlyList<AuditEvent> batch)
    {
        if (!_largeCache && batch.Count >= LargeCacheFrom)
        {
            using var pragma = _connection.CreateCommand();
            pragma.CommandText = LargeCacheSql;
            pragma.ExecuteNonQuery();
            _largeCache = true;
        }

        using var transaction = _connection.BeginTransaction(deferred: false);
        _rollups.Clear();
        for (var i = 0; i < batch.Count; i++)
        {
            var e = batch[i];
            var key = AuditStreamKey.Pack(e.StreamId, e.Sequence);
            Bind(e, key);
            if (!Execute(_insert))
            {
                continue; // already stored: a replayed batch
            }

            Check(raw.sqlite3_bind_int64(_fts, 1, key));
            Text(_fts, 2, SearchDocument.IndexText(e));
            Execute(_fts);

            _rollups.Add(e);
        }

        foreach (var (dim, tenant, bucket, value, count) in _rollups.Rows)
        {
            Check(raw.sqlite3_bind_int64(_rollup, 1, dim));
            Text(_rollup, 2, tenant);
            Check(raw.sqlite3_bind_int64(_rollup, 3, bucket));
            Text(_rollup, 4, value);
            Check(raw.sqlite3_bind_int64(_rollup, 5, count));
            Execute(_rollup);
        }

        transaction.Commit();
    }

    private void Bind(AuditEvent e, long key)
    {
        var s = _insert;
        Span<byte> id = stackalloc byte[16];
        e.Id.TryWriteBytes(id, bigEndian: true, out _);
        Check(raw.sqlite3_bind_int64(s, 1, key));
        Check(raw.sqlite3_bind_blob(s, 2, id));
        Check(raw.sqlite3_bind_int64(s, 3, AuditCursor.ToMicros(e.Timestamp)));
        Text(s, 4, e.TenantId);
        Check(raw.sqlite3_bind_int64(s, 5, (long)e.Category));
        Text(s, 6, e.Action);
        Check(raw.sqlite3_bind_int64(s, 7, (long)e.Outcome));
        Check(raw.sqlite3_bind_int64(s, 8, (long)e.Risk));
        Text(s, 9, e.Message);
        var actor = e.Actor;
        Text(s, 10, actor?.Id);
        Text(s, 11, actor?.Name);
        Text(s, 12, actor?.Email);
        Text(s, 13, actor?.Role);
        Check(actor is null ? raw.sqlite3_bind_null(s, 14) : raw.sqlite3_bind_int64(s, 14, (long)actor.Kind));
        var client = e.Client;
        Text(s, 15, client?.IpAddress);
        Text(s, 16, client?.Location);
        Text(s, 17, client?.UserAgent);
        Text(s, 18, client?.Device);
        Text(s, 19, client?.SessionId);
        var target = e.Target;
        Text(s, 20, target?.EntityType);
        Text(s, 21, target?.RecordId);
        Text(s, 22, target?.RecordName);
        Text(s, 23, target?.Module);
        Text(s, 24, target?.Component);
        Utf8(s, 25, e.Changes.Count == 0 ? null : Canonical(e.Changes));
        Text(s, 26, e.CorrelationId);
        Text(s, 27, e.TraceId);
        Text(s, 28, StoredJson.WriteMetadata(e.Metadata, _json));
        Blob(s, 29, e.GetPreviousHashBytes());
        Blob(s, 30, e.GetHashBytes());
        Text(s, 31, e.GetSealsJson());
        Blob(s, 32, e.GetFieldDigests());
    }

    // The stored changes are the canonical bytes the hash covers (StoredJson), bound as UTF-8 without a string.
    private ArrayBufferWriter<byte> Canonical(IReadOnlyList<FieldChange> changes)
    {
        _json.ResetWrittenCount();
        AuditCanonicalForm.WriteChanges(changes, _json);
        return _json;
    }

    private void Text(sqlite3_stmt statement, int index, string? value) => Check(
        value is null ? raw.sqlite3_bind_null(statement, index)
        : value.Length == 0 ? raw.sqlite3_bind_text(statement, index, string.Empty) // an empty span would bind NULL
        : raw.sqlite3_bind_text16(statement, index, value.AsSpan()));

    private void Utf8(sqlite3_stmt statement, int index, ArrayBufferWriter<byte>? value) => Check(
        value is null ? raw.sqlite3_bind_null(statement, index)
        : value.WrittenCount == 0 ? raw.sqlite3_bind_text(statement, index, string.Empty)
        : raw.sqlite3_bind_text(statement, index, value.WrittenSpan));

    private void Blob(sqlite3_stmt statement, int index, byte[]? value) => Check(
        value is null ? raw.sqlite3_bind_null(statement, index)
        : value.Length == 0 ? raw.sqlite3_bind_zeroblob(statement, index, 0)
        : raw.sqlite3_bind_blob(statement, index, value));

    /// <summary>Steps a bound statement to its end and resets it; true when it changed a row.</summary>
    private bool Execute(sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }

        return raw.sqlite3_changes(_db) > 0;
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }

    private sqlite3_stmt Prepare(string sql)
    {
        Check(raw.sqlite3_prepare_v2(_db, sql, out var statement));
        return statement;
    }

    public void Dispose()
    {
        _insert.Dispose(); // finalizes the statement
        _fts.Dispose();
        _rollup.Dispose();
    }
}
