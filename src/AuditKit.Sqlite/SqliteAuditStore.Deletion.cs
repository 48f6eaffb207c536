using System.Runtime.CompilerServices;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;

namespace AuditKit.Sqlite;

// Retention's deletion primitive: a bounded batch per call in one IMMEDIATE transaction. Each deleted event leaves a
// tombstone (position, time, category, hashes) so the chain and checkpoints still verify; its free-text entry and its
// roll-up counts go with it (trailing events are indexed first), and, as for erasure, secure_delete and a WAL checkpoint leave no copy of it in the files.
public sealed partial class SqliteAuditStore
{
    /// <inheritdoc />
    public override async Task<AuditDeletionResult> DeleteEventsAsync(AuditDeletionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        if (_readOnly)
        {
            throw new InvalidOperationException("This SQLite audit store was opened read-only (Mode=ReadOnly); it cannot delete.");
        }

        var parameters = new DynamicParameters(new
        {
            from = AuditCursor.ToMicros(request.From),
            to = AuditCursor.ToMicros(request.To),
            category = (long)request.Category,
            batch = request.BatchSize,
            kfirst = AuditStreamKey.RangeOf(request).First,
            klast = AuditStreamKey.RangeOf(request).Last,
        });
        var deletedAt = AuditCursor.ToMicros(_timeProvider.GetUtcNow());
        var held = HeldSql(request.Holds, parameters);
        const string Selection = "e.ts >= @from AND e.ts < @to AND e.category = @category AND e.key >= @kfirst AND e.key <= @klast";
        await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("PRAGMA secure_delete = ON;", cancellationToken: cancellationToken)).ConfigureAwait(false);
        var deleted = 0;
        long heldCount;
        await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false))
        {
            // Every trailing event is indexed and counted first: a deleted event's words and counts come out below.
            CatchUpTrailingIndex(connection, transaction);

            // The newest event of a stream stays: a writer that reopens the stream continues its chain from it.
            var rows = (await connection.QueryAsync<StoredEventRow>(new CommandDefinition(
                SqliteEventRow.Select + $" WHERE {Selection} AND NOT ({held})"
                + $" AND EXISTS (SELECT 1 FROM audit_events n WHERE n.key > e.key AND n.key <= ((e.key >> {AuditStreamKey.SequenceBits}) << {AuditStreamKey.SequenceBits}) + {AuditStreamKey.MaxSequence})"
                + " ORDER BY e.ts, e.key LIMIT @batch;",
                parameters, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
            var rollups = new RollupCounter();
            foreach (var row in rows)
            {
                var e = row.ToEvent();
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO audit_tombstones (key, ts, category, prev_hash, hash, deleted_us) VALUES (@Key, @Ts, @Category, @PrevHash, @Hash, @deleted) ON CONFLICT (key) DO NOTHING;
                    INSERT INTO audit_events_fts (audit_events_fts, rowid, body) VALUES ('delete', @Key, @body);
                    DELETE FROM audit_events WHERE key = @Key;
                    """,
                    new { row.Key, row.Ts, row.Category, row.PrevHash, row.Hash, deleted = deletedAt, body = SearchDocument.IndexText(e) },
                    transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);

                // The appender's rows, counted down.
                rollups.Add(e);

                deleted++;
            }

            foreach (var (dim, tenant, bucket, key, count) in rollups.Rows)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    UPDATE audit_rollups SET count = count - @count WHERE dim = @dim AND tenant = @tenant AND bucket = @bucket AND key = @key;
                    DELETE FROM audit_rollups WHERE dim = @dim AND tenant = @tenant AND bucket = @bucket AND key = @key AND count <= 0;
                    """,
                    new { dim, tenant, bucket, key, count }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }

            heldCount = request.Holds.Count == 0 ? 0 : await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                $"SELECT count(*) FROM audit_events e WHERE {Selection} AND ({held});", parameters, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (deleted > 0)
        {
            await TruncateWalAsync(connection, cancellationToken).ConfigureAwait(false);
        }

        return new AuditDeletionResult(deleted, heldCount, deleted < request.BatchSize);
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<AuditTombstone> ReadTombstonesAsync(int streamId, long fromSequence = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(streamId, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(fromSequence, 1);
        var next = AuditStreamKey.Pack(streamId, fromSequence);
        var last = AuditStreamKey.Last(streamId);
        while (true)
        {
            List<(long Key, long Ts, long Category, byte[] PrevHash, byte[] Hash, long DeletedUs)> rows;
            await using (var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows = (await connection.QueryAsync<(long, long, long, byte[], byte[], long)>(new CommandDefinition(
                    $"SELECT key, ts, category, prev_hash, hash, deleted_us FROM audit_tombstones WHERE key >= @next AND key <= @last ORDER BY key LIMIT {StreamChunk};",
                    new { next, last }, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
            }

            foreach (var r in rows)
            {
                yield return new AuditTombstone(
                    streamId, AuditStreamKey.SequenceOf(r.Key), AuditCursor.FromMicros(r.Ts), (AuditCategory)r.Category,
                    Convert.ToHexStringLower(r.PrevHash), Convert.ToHexStringLower(r.Hash), AuditCursor.FromMicros(r.DeletedUs));
            }

            if (rows.Count < StreamChunk)
            {
                yield break;
            }

            next = rows[^1].Key + 1;
        }
    }

    // The holds as one SQL condition on alias e ("0" without holds); IS compares NULLs as values.
    private static string HeldSql(IReadOnlyList<AuditLegalHold> holds, DynamicParameters parameters)
    {
        if (holds.Count == 0)
        {
            return "0";
        }

        var sql = new StringBuilder();
        for (var i = 0; i < holds.Count; i++)
        {
            var h = holds[i];
            sql.Append(i == 0 ? "(1" : " OR (1");
            Condition(h.TenantId, "e.tenant_id IS @h{0}t", 't');
            Condition(h.ActorId, "e.actor_id IS @h{0}a", 'a');
            Condition(h.EntityType, "e.entity_type IS @h{0}e", 'e');
            Condition(h.RecordId, "e.record_id IS @h{0}r", 'r');
            Condition(h.From is { } from ? AuditCursor.ToMicros(from) : null, "e.ts >= @h{0}f", 'f');
            Condition(h.To is { } to ? AuditCursor.ToMicros(to) : null, "e.ts < @h{0}o", 'o');
            sql.Append(')');

            void Condition(object? value, string condition, char suffix)
            {
                if (value is not null)
                {
                    sql.Append(" AND ").Append(string.Format(System.Globalization.CultureInfo.InvariantCulture, condition, i));
                    parameters.Add($"h{i}{suffix}", value);
                }
            }
        }

        return sql.ToString();
    }
}
