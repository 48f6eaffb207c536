using System.Buffers;
using Npgsql;
using NpgsqlTypes;

namespace AuditKit.PostgreSql;

/// <summary>
/// The bulk path's row writer: a batch's new events into <c>audit_events</c> as one binary <c>COPY</c> (the event
/// columns and the tsvector), as <see cref="PostgreSqlAuditStore"/>'s COPY path uses it (docs/architecture.md, "The
/// latency path"). One instance per COPY: its buffer holds the changes and metadata JSON of the row being written.
/// </summary>
internal sealed class PostgreSqlCopyWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);

    /// <summary>Writes <paramref name="events"/> (new to the store, in key order) into <c>audit_events</c> with one binary COPY, in the connection's open transaction.</summary>
    public async Task WriteAsync(NpgsqlConnection connection, List<AuditEvent> events, CancellationToken cancellationToken)
    {
        var buffer = _buffer;
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY audit_events ({PostgreSqlSchema.EventColumns}, search) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        foreach (var e in events)
        {
            importer.StartRow();
            importer.Write(AuditStreamKey.Pack(e.StreamId, e.Sequence), NpgsqlDbType.Bigint);
            importer.Write(e.Id, NpgsqlDbType.Uuid);
            importer.Write(AuditCursor.ToMicros(e.Timestamp), NpgsqlDbType.Bigint);
            Text(importer, e.TenantId);
            importer.Write((int)e.Category, NpgsqlDbType.Integer);
            importer.Write(e.Action, NpgsqlDbType.Text);
            importer.Write((int)e.Outcome, NpgsqlDbType.Integer);
            importer.Write((int)e.Risk, NpgsqlDbType.Integer);
            Text(importer, e.Message);
            var actor = e.Actor;
            Text(importer, actor?.Id);
            Text(importer, actor?.Name);
            Text(importer, actor?.Email);
            Text(importer, actor?.Role);
            if (actor is null)
            {
                importer.WriteNull();
            }
            else
            {
                importer.Write((int)actor.Kind, NpgsqlDbType.Integer);
            }

            var client = e.Client;
            Text(importer, client?.IpAddress);
            Text(importer, client?.Location);
            Text(importer, client?.UserAgent);
            Text(importer, client?.Device);
            Text(importer, client?.SessionId);
            var target = e.Target;
            Text(importer, target?.EntityType);
            Text(importer, target?.RecordId);
            Text(importer, target?.RecordName);
            Text(importer, target?.Module);
            Text(importer, target?.Component);
            Text(importer, StoredJson.WriteChanges(e.Changes, buffer), NpgsqlDbType.Jsonb);
            Text(importer, e.CorrelationId);
            Text(importer, e.TraceId);
            Text(importer, StoredJson.WriteMetadata(e.Metadata, buffer), NpgsqlDbType.Json);
            importer.Write(e.GetPreviousHashBytes()!, NpgsqlDbType.Bytea);
            importer.Write(e.GetHashBytes()!, NpgsqlDbType.Bytea);
            Text(importer, e.GetSealsJson());
            importer.Write(e.GetFieldDigests(), NpgsqlDbType.Bytea);
            // The tsvector in its binary wire format, written as the field's bytes: COPY carries no type per field, and
            // the server reads them with the column's own receive function. Async: the vector can pass the write buffer.
            await importer.WriteAsync(PostgreSqlSearchVector.Binary(e), NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
        }

        await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void Text(NpgsqlBinaryImporter importer, string? value, NpgsqlDbType type = NpgsqlDbType.Text)
    {
        if (value is null)
        {
            importer.WriteNull();
        }
        else
        {
            importer.Write(value, type);
        }
    }
}
