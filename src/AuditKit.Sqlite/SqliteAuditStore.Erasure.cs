using Dapper;

namespace AuditKit.Sqlite;

public sealed partial class SqliteAuditStore
{
    /// <inheritdoc />
    public override async Task ApplyErasureAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);

        // Erased values must not linger in freed space of the file: zero what the updates free.
        await connection.ExecuteAsync(new CommandDefinition("PRAGMA secure_delete = ON;", cancellationToken: cancellationToken)).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
        var json = new System.Buffers.ArrayBufferWriter<byte>(1024);
        foreach (var e in events)
        {
            var key = AuditStreamKey.Pack(e.StreamId, e.Sequence);
            var updated = await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE audit_events SET actor_name = @ActorName, actor_email = @ActorEmail, client_ip = @ClientIp, client_location = @ClientLocation,
                    client_user_agent = @ClientUserAgent, client_device = @ClientDevice, record_name = @RecordName, changes = @Changes, seals = @Seals
                WHERE key = @Key;
                """,
                new
                {
                    Key = key,
                    ActorName = e.Actor?.Name,
                    ActorEmail = e.Actor?.Email,
                    ClientIp = e.Client?.IpAddress,
                    ClientLocation = e.Client?.Location,
                    ClientUserAgent = e.Client?.UserAgent,
                    ClientDevice = e.Client?.Device,
                    RecordName = e.Target?.RecordName,
                    Changes = StoredJson.WriteChanges(e.Changes, json),
                    Seals = e.Seals?.ToJson(),
                },
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (updated == 0)
            {
                continue;
            }

            // The free-text index is contentless: replace the event's document so erased words stop matching.
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM audit_events_fts WHERE rowid = @key; INSERT INTO audit_events_fts (rowid, body) VALUES (@key, @body);",
                new { key, body = SearchDocument.Build(e) }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

        // The write-ahead log still holds the old pages until a checkpoint copies them back and truncates it;
        // a reader or the writer may keep it from completing now, in which case a later checkpoint finishes.
        await connection.ExecuteAsync(new CommandDefinition("PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken: cancellationToken)).ConfigureAwait(false);
    }
}
