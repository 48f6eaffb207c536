using Dapper;
using Microsoft.Data.Sqlite;

namespace AuditKit.Sqlite;

// An erasure must leave no copy of an erased value anywhere in the files: not in the row (secure_delete zeroes
// the freed cell), not in the free-text index (secure-delete mode removes the old words from the index pages,
// given the old text), and not in the write-ahead log (a TRUNCATE checkpoint copies the new pages back and
// empties it). docs/integrity.md, "Erasure", has the measured cost.
public sealed partial class SqliteAuditStore
{
    private const int CheckpointAttempts = 20;

    /// <inheritdoc />
    public override async Task ApplyErasureAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);

        // Erased values must not linger in freed space of the file: zero what the updates free.
        await connection.ExecuteAsync(new CommandDefinition("PRAGMA secure_delete = ON;", cancellationToken: cancellationToken)).ConfigureAwait(false);
        await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false))
        {
            // A trailing event is indexed first (from its text before the erasure), so the index entry replaced below exists.
            CatchUpTrailingIndex(connection, transaction);
            var json = new System.Buffers.ArrayBufferWriter<byte>(1024);
            foreach (var e in events)
            {
                var key = AuditStreamKey.Pack(e.StreamId, e.Sequence);
                var stored = await connection.QueryFirstOrDefaultAsync<StoredEventRow>(new CommandDefinition(
                    SqliteEventRow.Select + " WHERE e.key = @key;", new { key }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                if (stored is null)
                {
                    continue;
                }

                await connection.ExecuteAsync(new CommandDefinition(
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
                        Seals = e.GetSealsJson(),
                    },
                    transaction,
                    cancellationToken: cancellationToken)).ConfigureAwait(false);

                // The index is contentless: FTS5 finds the entries to remove from the text they were made of, which
                // is the stored event's (the appender and the schema's rebuild index exactly that).
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO audit_events_fts (audit_events_fts, rowid, body) VALUES ('delete', @key, @old); INSERT INTO audit_events_fts (rowid, body) VALUES (@key, @body);",
                    new { key, old = SearchDocument.IndexText(stored.ToEvent()), body = SearchDocument.IndexText(e) }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        await TruncateWalAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    private static void CatchUpTrailingIndex(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var index = new SqliteTrailingIndex(connection);
        index.CatchUp(transaction);
    }

    // The write-ahead log holds the pages as they were before (earlier frames) until a checkpoint copies the new
    // ones back and truncates it. A reader that started before the commit keeps it from completing: retry briefly;
    // if readers still hold it, the next complete checkpoint (at the latest when the last connection closes) does it.
    private async Task TruncateWalAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= CheckpointAttempts; attempt++)
        {
            var (busy, _, _) = await connection.QueryFirstAsync<(long Busy, long Log, long Checkpointed)>(new CommandDefinition(
                "PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (busy == 0)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10 * attempt), _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }
}
