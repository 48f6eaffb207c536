using System.Buffers;
using Microsoft.Data.Sqlite;

namespace AuditKit.Benchmarks.Support;

/// <summary>An event flattened to the values of an audit_events row, written with plain ADO.NET: the raw baseline.</summary>
internal sealed class RawRow
{
    public required object?[] Values { get; init; }

    public required string Body { get; init; }

    /// <summary>The rows of <paramref name="events"/> as stream 1 from <paramref name="firstSequence"/> on.</summary>
    public static List<RawRow> From(List<AuditEvent> events, long firstSequence = 1)
    {
        var rows = new List<RawRow>(events.Count);
        var buffer = new ArrayBufferWriter<byte>();
        var hash = new byte[32];
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            Random.Shared.NextBytes(hash);
            rows.Add(new RawRow
            {
                Values =
                [
                    AuditStreamKey.Pack(1, firstSequence + i), e.Id.ToByteArray(bigEndian: true), AuditCursor.ToMicros(e.Timestamp), e.TenantId, (long)e.Category, e.Action,
                    (long)e.Outcome, (long)e.Risk, e.Message, e.Actor?.Id, e.Actor?.Name, e.Actor?.Email, e.Actor?.Role, e.Actor is null ? null : (long)e.Actor.Kind,
                    e.Client?.IpAddress, e.Client?.Location, e.Client?.UserAgent, e.Client?.Device, e.Client?.SessionId,
                    e.Target?.EntityType, e.Target?.RecordId, e.Target?.RecordName, e.Target?.Module, e.Target?.Component,
                    StoredJson.WriteChanges(e.Changes, buffer), e.CorrelationId, e.TraceId, StoredJson.WriteMetadata(e.Metadata, buffer),
                    hash.ToArray(), hash.ToArray(),
                ],
                Body = SearchDocument.IndexText(e),
            });
        }

        return rows;
    }

    public static void Insert(string path, List<RawRow> rows, int rowsPerTransaction)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous = FULL;";
            pragma.ExecuteNonQuery();
        }

        var columns = Sqlite.SqliteSchema.EventColumns.Split(", ");
        using var insert = connection.CreateCommand();
        insert.CommandText = $"INSERT INTO audit_events ({Sqlite.SqliteSchema.EventColumns}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))});";
        var parameters = columns.Select((_, i) => insert.Parameters.AddWithValue("$p" + i, DBNull.Value)).ToArray();
        using var fts = connection.CreateCommand();
        fts.CommandText = "INSERT INTO audit_events_fts (rowid, body) VALUES ($k, $b);";
        var key = fts.Parameters.AddWithValue("$k", 0L);
        var body = fts.Parameters.AddWithValue("$b", "");
        for (var start = 0; start < rows.Count; start += rowsPerTransaction)
        {
            using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            fts.Transaction = transaction;
            for (var i = start; i < Math.Min(rows.Count, start + rowsPerTransaction); i++)
            {
                var values = rows[i].Values;
                for (var p = 0; p < values.Length; p++)
                {
                    parameters[p].Value = values[p] ?? DBNull.Value;
                }

                insert.ExecuteNonQuery();
                key.Value = values[0];
                body.Value = rows[i].Body;
                fts.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }
}
