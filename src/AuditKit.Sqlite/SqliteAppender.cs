using System.Buffers;
using Microsoft.Data.Sqlite;

namespace AuditKit.Sqlite;

/// <summary>
/// The hot insert loop: prepared, reused commands on the writer's own connection, one IMMEDIATE transaction
/// per batch. Faster than Dapper's list execution here (STYLE.md: 55k vs 42k rows/s measured), so this one
/// path uses ADO.NET directly.
/// </summary>
internal sealed class SqliteAppender : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _fts;
    private readonly SqliteCommand _rollup;
    private readonly SqliteParameter[] _p;
    private readonly SqliteParameter _ftsKey;
    private readonly SqliteParameter _ftsBody;
    private readonly SqliteParameter[] _r;
    private readonly ArrayBufferWriter<byte> _json = new(1024);
    private readonly RollupCounter _rollups = new();
    private readonly byte[] _id = new byte[16];

    public SqliteAppender(SqliteConnection connection)
    {
        _connection = connection;
        var columns = SqliteSchema.EventColumns.Split(", ");
        _insert = connection.CreateCommand();
        _insert.CommandText = $"INSERT INTO audit_events ({SqliteSchema.EventColumns}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))}) ON CONFLICT (key) DO NOTHING;";
        _p = new SqliteParameter[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            _p[i] = _insert.Parameters.AddWithValue("$p" + i, DBNull.Value);
        }

        _fts = connection.CreateCommand();
        _fts.CommandText = "INSERT INTO audit_events_fts (rowid, body) VALUES ($key, $body);";
        _ftsKey = _fts.Parameters.Add("$key", SqliteType.Integer);
        _ftsBody = _fts.Parameters.Add("$body", SqliteType.Text);

        _rollup = connection.CreateCommand();
        _rollup.CommandText = "INSERT INTO audit_rollups (dim, tenant, bucket, key, count) VALUES ($d, $t, $b, $k, $c) ON CONFLICT (dim, tenant, bucket, key) DO UPDATE SET count = count + excluded.count;";
        _r = [_rollup.Parameters.Add("$d", SqliteType.Integer), _rollup.Parameters.Add("$t", SqliteType.Text), _rollup.Parameters.Add("$b", SqliteType.Integer), _rollup.Parameters.Add("$k", SqliteType.Text), _rollup.Parameters.Add("$c", SqliteType.Integer)];
    }

    public void Append(IReadOnlyList<AuditEvent> batch)
    {
        using var transaction = _connection.BeginTransaction(deferred: false);
        _insert.Transaction = transaction;
        _fts.Transaction = transaction;
        _rollup.Transaction = transaction;
        _rollups.Clear();
        for (var i = 0; i < batch.Count; i++)
        {
            var e = batch[i];
            var key = AuditStreamKey.Pack(e.StreamId, e.Sequence);
            Bind(e, key);
            if (_insert.ExecuteNonQuery() == 0)
            {
                continue; // already stored: a replayed batch
            }

            _ftsKey.Value = key;
            _ftsBody.Value = SearchDocument.IndexText(e);
            _fts.ExecuteNonQuery();

            _rollups.Add(e);
        }

        foreach (var (dim, tenant, bucket, value, count) in _rollups.Rows)
        {
            _r[0].Value = dim;
            _r[1].Value = tenant;
            _r[2].Value = bucket;
            _r[3].Value = value;
            _r[4].Value = count;
            _rollup.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private void Bind(AuditEvent e, long key)
    {
        var p = _p;
        e.Id.TryWriteBytes(_id, bigEndian: true, out _);
        p[0].Value = key;
        p[1].Value = _id;
        p[2].Value = AuditCursor.ToMicros(e.Timestamp);
        p[3].Value = (object?)e.TenantId ?? DBNull.Value;
        p[4].Value = (long)e.Category;
        p[5].Value = e.Action;
        p[6].Value = (long)e.Outcome;
        p[7].Value = (long)e.Risk;
        p[8].Value = (object?)e.Message ?? DBNull.Value;
        var actor = e.Actor;
        p[9].Value = (object?)actor?.Id ?? DBNull.Value;
        p[10].Value = (object?)actor?.Name ?? DBNull.Value;
        p[11].Value = (object?)actor?.Email ?? DBNull.Value;
        p[12].Value = (object?)actor?.Role ?? DBNull.Value;
        p[13].Value = actor is null ? DBNull.Value : (long)actor.Kind;
        var client = e.Client;
        p[14].Value = (object?)client?.IpAddress ?? DBNull.Value;
        p[15].Value = (object?)client?.Location ?? DBNull.Value;
        p[16].Value = (object?)client?.UserAgent ?? DBNull.Value;
        p[17].Value = (object?)client?.Device ?? DBNull.Value;
        p[18].Value = (object?)client?.SessionId ?? DBNull.Value;
        var target = e.Target;
        p[19].Value = (object?)target?.EntityType ?? DBNull.Value;
        p[20].Value = (object?)target?.RecordId ?? DBNull.Value;
        p[21].Value = (object?)target?.RecordName ?? DBNull.Value;
        p[22].Value = (object?)target?.Module ?? DBNull.Value;
        p[23].Value = (object?)target?.Component ?? DBNull.Value;
        p[24].Value = (object?)StoredJson.WriteChanges(e.Changes, _json) ?? DBNull.Value;
        p[25].Value = (object?)e.CorrelationId ?? DBNull.Value;
        p[26].Value = (object?)e.TraceId ?? DBNull.Value;
        p[27].Value = (object?)StoredJson.WriteMetadata(e.Metadata, _json) ?? DBNull.Value;
        p[28].Value = e.PreviousHashBytes;
        p[29].Value = e.HashBytes;
        p[30].Value = (object?)e.Seals?.ToJson() ?? DBNull.Value;
        p[31].Value = e.FieldDigests ?? FieldDigests.Of(e);
    }

    public void Dispose()
    {
        _insert.Dispose();
        _fts.Dispose();
        _rollup.Dispose();
    }
}
