using System.Buffers;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace AuditKit.Sqlite;

/// <summary>
/// The hot insert loop: prepared statements on the writer's own connection, one IMMEDIATE transaction per batch.
/// The event row is bound by position straight on SQLite's statement (SQLitePCL): the ADO.NET layer looked each of
/// the 33 parameters up by name, boxed every value and built a data reader per row — 12–16% of the writer's time on
/// realistic events (docs/benchmarks.md). A batch of <see cref="SqliteTrailingIndex.DefaultTrailBelow"/> or more
/// events is indexed and counted in its own commit; a smaller one leaves that to a later commit
/// (<see cref="SqliteTrailingIndex"/>), which keeps an awaited event's commit to the event's own rows.
/// </summary>
internal sealed class SqliteAppender : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _insert;
    private readonly SqliteTrailingIndex _index;
    private readonly ArrayBufferWriter<byte> _json = new(1024);
    private readonly Dictionary<int, long> _streams = [];
    private bool _largeCache;

    // Events left trailing by this writer since its last catch-up; starts full, so the first small batch after a
    // start indexes whatever a stopped writer left.
    private int _trailing = int.MaxValue;

    public SqliteAppender(SqliteConnection connection)
    {
        _connection = connection;
        _db = connection.Handle!;
        var columns = SqliteSchema.EventColumns.Split(", ");
        _insert = SqliteRaw.Prepare(_db, $"INSERT INTO audit_events ({SqliteSchema.EventColumns}) VALUES ({string.Join(", ", columns.Select((_, i) => "?" + (i + 1)))}) ON CONFLICT (key) DO NOTHING;");
        _index = new SqliteTrailingIndex(connection);
    }

    /// <summary>Batches smaller than this trail, and this many trailing events are indexed by the next commit (tests move it).</summary>
    internal int TrailBelow { get; set; } = SqliteTrailingIndex.DefaultTrailBelow;

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

        // The fields change only once the commit succeeded: a batch that fails leaves what trails trailing.
        using var transaction = _connection.BeginTransaction(deferred: false);
        _index.Reset();
        var trail = batch.Count < TrailBelow;
        var trailing = _trailing;
        if (!trail && trailing > 0)
        {
            _index.CatchUp(transaction); // what trails is older than this batch: indexed first, so the marks can move past both
            trailing = 0;
        }

        // Per stream: the first event stored (trailing) or the last one indexed (indexed batch).
        _streams.Clear();
        var stored = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var e = batch[i];
            var key = AuditStreamKey.Pack(e.StreamId, e.Sequence);
            Bind(e, key);
            if (!SqliteRaw.Execute(_db, _insert))
            {
                continue; // already stored: a replayed batch
            }

            stored++;
            if (trail)
            {
                _streams.TryAdd(e.StreamId, e.Sequence);
            }
            else
            {
                _index.Index(key, e);
                _streams[e.StreamId] = e.Sequence;
            }
        }

        if (trail)
        {
            foreach (var (stream, first) in _streams)
            {
                _index.Trail(stream, first);
            }

            trailing = (int)Math.Min((long)trailing + stored, int.MaxValue);
            if (trailing >= TrailBelow)
            {
                _index.CatchUp(transaction);
                trailing = 0;
            }
        }
        else
        {
            _index.WriteRollups();
            foreach (var (stream, last) in _streams)
            {
                _index.Indexed(stream, last);
            }
        }

        transaction.Commit();
        _trailing = trailing;
    }

    /// <summary>Indexes every trailing event now (the writer stops): one transaction, when anything trails.</summary>
    public void CatchUp()
    {
        if (_trailing == 0)
        {
            return;
        }

        using var transaction = _connection.BeginTransaction(deferred: false);
        _index.Reset();
        _index.CatchUp(transaction);
        transaction.Commit();
        _trailing = 0;
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

    private void Text(sqlite3_stmt statement, int index, string? value) => SqliteRaw.Text(_db, statement, index, value);

    private void Check(int rc) => SqliteRaw.Check(_db, rc);

    private void Utf8(sqlite3_stmt statement, int index, ArrayBufferWriter<byte>? value) => Check(
        value is null ? raw.sqlite3_bind_null(statement, index)
        : value.WrittenCount == 0 ? raw.sqlite3_bind_text(statement, index, string.Empty)
        : raw.sqlite3_bind_text(statement, index, value.WrittenSpan));

    private void Blob(sqlite3_stmt statement, int index, byte[]? value) => Check(
        value is null ? raw.sqlite3_bind_null(statement, index)
        : value.Length == 0 ? raw.sqlite3_bind_zeroblob(statement, index, 0)
        : raw.sqlite3_bind_blob(statement, index, value));

    public void Dispose()
    {
        _insert.Dispose(); // finalizes the statement
        _index.Dispose();
    }
}
