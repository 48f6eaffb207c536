using System.Runtime.CompilerServices;
using System.Text;
using Dapper;

namespace AuditKit.PostgreSql;

// Retention's deletion primitive: a bounded batch per call in one transaction. Each deleted event leaves a tombstone
// (position, time, category, hashes) so the chain and checkpoints still verify; its search vector goes with its row and
// its roll-up counts are counted down. Whole expired months are cheaper with DropMonthsBeforeAsync.
public sealed partial class PostgreSqlAuditStore
{
    /// <inheritdoc />
    public override async Task<AuditDeletionResult> DeleteEventsAsync(AuditDeletionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var parameters = new DynamicParameters(new
        {
            from = AuditCursor.ToMicros(request.From),
            to = AuditCursor.ToMicros(request.To),
            category = (int)request.Category,
            batch = request.BatchSize,
            kfirst = AuditStreamKey.RangeOf(request).First,
            klast = AuditStreamKey.RangeOf(request).Last,
        });
        var held = HeldSql(request.Holds, parameters);
        const string Selection = "e.ts >= @from AND e.ts < @to AND e.category = @category AND e.key >= @kfirst AND e.key <= @klast";
        await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // Trailing roll-ups first (their marks stay locked to the end): every event deleted below is then counted.
        await CatchUpRollupsAsync(connection, transaction, null, null, cancellationToken).ConfigureAwait(false);

        // The newest event of a stream stays: a writer that reopens the stream continues its chain from it.
        var rows = (await connection.QueryAsync<StoredEventRow>(new CommandDefinition(
            PostgreSqlEventRow.Select + $" WHERE {Selection} AND NOT ({held})"
            + $" AND EXISTS (SELECT 1 FROM audit_events n WHERE n.key > e.key AND n.key <= ((e.key >> {AuditStreamKey.SequenceBits}) << {AuditStreamKey.SequenceBits}) + {AuditStreamKey.MaxSequence})"
            + " ORDER BY e.ts, e.key LIMIT @batch FOR UPDATE;",
            parameters, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
        if (rows.Count > 0)
        {
            var rollups = new RollupCounter();
            foreach (var row in rows)
            {
                rollups.Add(row.ToEvent(changesAreCanonical: false));
            }

            var counted = rollups.Rows;
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO audit_tombstones (key, ts, category, prev_hash, hash, deleted_us)
                SELECT k, t, c, p, h, @deleted FROM unnest(@keys, @tss, @categories, @prevs, @hashes) AS d(k, t, c, p, h)
                ON CONFLICT (key) DO NOTHING;
                DELETE FROM audit_events e USING unnest(@keys, @tss) AS d(k, t) WHERE e.key = d.k AND e.ts = d.t;
                UPDATE audit_rollups r SET count = r.count - d.n
                FROM unnest(@dims, @tenants, @buckets, @rkeys, @counts) AS d(dim, tenant, bucket, key, n)
                WHERE r.dim = d.dim AND r.tenant = d.tenant AND r.bucket = d.bucket AND r.key = d.key;
                DELETE FROM audit_rollups r USING unnest(@dims, @tenants, @buckets, @rkeys) AS d(dim, tenant, bucket, key)
                WHERE r.dim = d.dim AND r.tenant = d.tenant AND r.bucket = d.bucket AND r.key = d.key AND r.count <= 0;
                """,
                new
                {
                    deleted = AuditCursor.ToMicros(_timeProvider.GetUtcNow()),
                    keys = rows.Select(r => r.Key).ToArray(),
                    tss = rows.Select(r => r.Ts).ToArray(),
                    categories = rows.Select(r => (int)r.Category).ToArray(),
                    prevs = rows.Select(r => r.PrevHash).ToArray(),
                    hashes = rows.Select(r => r.Hash).ToArray(),
                    dims = counted.Select(r => r.Dim).ToArray(),
                    tenants = counted.Select(r => r.Tenant).ToArray(),
                    buckets = counted.Select(r => r.Bucket).ToArray(),
                    rkeys = counted.Select(r => r.Key).ToArray(),
                    counts = counted.Select(r => r.Count).ToArray(),
                },
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        var heldCount = request.Holds.Count == 0 ? 0 : await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT count(*) FROM audit_events e WHERE {Selection} AND ({held});", parameters, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new AuditDeletionResult(rows.Count, heldCount, rows.Count < request.BatchSize);
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
            List<(long Key, long Ts, int Category, byte[] PrevHash, byte[] Hash, long DeletedUs)> rows;
            await using (var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows = (await connection.QueryAsync<(long, long, int, byte[], byte[], long)>(new CommandDefinition(
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

    // The holds as one SQL condition on alias e ("false" without holds); IS NOT DISTINCT FROM compares NULLs as values.
    private static string HeldSql(IReadOnlyList<AuditLegalHold> holds, DynamicParameters parameters)
    {
        if (holds.Count == 0)
        {
            return "false";
        }

        var sql = new StringBuilder();
        for (var i = 0; i < holds.Count; i++)
        {
            var h = holds[i];
            sql.Append(i == 0 ? "(true" : " OR (true");
            Condition(h.TenantId, "e.tenant_id IS NOT DISTINCT FROM @h{0}t", 't');
            Condition(h.ActorId, "e.actor_id IS NOT DISTINCT FROM @h{0}a", 'a');
            Condition(h.EntityType, "e.entity_type IS NOT DISTINCT FROM @h{0}e", 'e');
            Condition(h.RecordId, "e.record_id IS NOT DISTINCT FROM @h{0}r", 'r');
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
