using System.Collections.Concurrent;
using Dapper;
using Npgsql;

namespace AuditKit.PostgreSql;

/// <summary>
/// Trailing roll-ups: a small batch on the latency path commits its events without their roll-up upsert. The
/// store counts them in memory and adds them to <c>audit_rollups</c> in the statement batch of a later commit, every
/// <see cref="RollupFlushEvery"/> events, together with the stream's mark in <c>audit_rollup_marks</c> (every event up
/// to it is counted). Reads add the events past each mark (at most that many per stream) to the roll-ups in one
/// snapshot, so every count stays exact; a restart, the COPY path, deletions and partition drops first count what a
/// mark has not reached from the stored events (<see cref="CatchUpRollupsAsync"/>).
/// </summary>
public sealed partial class PostgreSqlAuditStore
{
    /// <summary>Pipelined events counted in memory before their roll-ups ride along with a commit.</summary>
    internal const int DefaultRollupFlushEvery = 64;

    // One query for the events past the marks (of the given streams, or of all): the mark's row, then each event after it.
    private static readonly string TailSql =
        $"""
        SELECT m.stream_id AS Stream, m.sequence AS Mark, e.key AS Key, e.ts AS Ts, e.tenant_id AS Tenant, e.category AS Category,
               e.action AS Action, e.actor_id AS Actor, e.entity_type AS Entity, e.outcome AS Outcome, e.risk AS Risk
          FROM audit_rollup_marks m
          LEFT JOIN LATERAL (
               SELECT key, ts, tenant_id, category, action, actor_id, entity_type, outcome, risk FROM audit_events
                WHERE key > ((m.stream_id::bigint << {AuditStreamKey.SequenceBits}) | m.sequence)
                  AND key <= ((m.stream_id::bigint << {AuditStreamKey.SequenceBits}) | {AuditStreamKey.MaxSequence})) e ON true
        """;

    // Adds the counted rows and moves the mark, only if the mark is still where this store left it (a deletion or a
    // partition drop may have counted the stream's tail meanwhile: then nothing is added and the tail is read again).
    private const string GuardedFlushSql =
        """
        WITH mark AS (UPDATE audit_rollup_marks SET sequence = $6 WHERE stream_id = $7 AND sequence = $8 RETURNING 1)
        INSERT INTO audit_rollups (dim, tenant, bucket, key, count)
        SELECT * FROM unnest($1, $2, $3, $4, $5) WHERE EXISTS (SELECT 1 FROM mark)
        ON CONFLICT (dim, tenant, bucket, key) DO UPDATE SET count = audit_rollups.count + excluded.count
        """;

    /// <summary>Per held stream: the counts not yet in the roll-ups and the mark they continue; absent when unknown.</summary>
    private readonly ConcurrentDictionary<int, PendingRollups> _pendingRollups = new();

    /// <summary>How many pipelined events are counted in memory before a commit carries their roll-ups (tests move it).</summary>
    internal int RollupFlushEvery { get; set; } = DefaultRollupFlushEvery;

    /// <summary>
    /// Counts the events past the marks of <paramref name="streams"/> (all streams when null) into the roll-ups and moves
    /// the marks to them, in <paramref name="transaction"/> (the mark rows stay locked until it ends). Events in
    /// <paramref name="fresh"/> (new events the caller writes next in the same transaction, not yet in the table) are
    /// counted too and move the marks of the streams that have one. Mark rows are locked before the batch's rows are
    /// written; retention locks the events table before the marks (<c>CatchUpBeforeDetachAsync</c>), and an insert
    /// conflicts with neither a deletion's row locks nor another stream's COPY, so no cycle forms.
    /// </summary>
    private async Task CatchUpRollupsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int[]? streams, IReadOnlyList<AuditEvent>? fresh, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<TailRow>(new CommandDefinition(
            TailSql + (streams is null ? string.Empty : " WHERE m.stream_id = ANY(@streams)") + " ORDER BY m.stream_id FOR UPDATE OF m;",
            new { streams }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var counter = new RollupCounter();
        var marks = new Dictionary<int, long>();
        foreach (var row in rows)
        {
            var mark = marks.GetValueOrDefault(row.Stream, row.Mark);
            if (row.Key is { } key)
            {
                counter.Add(row.Ts!.Value, row.Tenant, (AuditCategory)row.Category!.Value, row.Action!, row.Actor, row.Entity, (AuditOutcome)row.Outcome!.Value, (RiskLevel)row.Risk!.Value);
                mark = Math.Max(mark, AuditStreamKey.SequenceOf(key));
            }

            marks[row.Stream] = mark;
        }

        if (fresh is not null)
        {
            foreach (var e in fresh)
            {
                counter.Add(e);
                if (marks.TryGetValue(e.StreamId, out var mark))
                {
                    marks[e.StreamId] = Math.Max(mark, e.Sequence);
                }
            }
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        if (counter.Count > 0)
        {
            batch.BatchCommands.Add(RollupCommand(counter));
        }

        if (marks.Count > 0)
        {
            var update = new NpgsqlBatchCommand("UPDATE audit_rollup_marks m SET sequence = u.s FROM unnest($1, $2) AS u(id, s) WHERE m.stream_id = u.id");
            update.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = marks.Keys.ToArray() });
            update.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = marks.Values.ToArray() });
            batch.BatchCommands.Add(update);
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // Marks moved under this transaction: what this store counted in memory no longer continues them.
        foreach (var stream in marks.Keys)
        {
            _pendingRollups.TryRemove(stream, out _);
        }
    }

    /// <summary>After a commit that brought the stream's mark to its head: nothing pending.</summary>
    private void RollupsCaughtUp(int streamId, long head) => _pendingRollups[streamId] = new PendingRollups(head);

    /// <summary>
    /// The pipelined path's share: false when this store does not know the stream's mark (the caller takes the COPY
    /// path, which counts from the stored events); otherwise counts the batch and, every <see cref="RollupFlushEvery"/>
    /// events, returns the guarded statement that adds the counts and moves the mark.
    /// </summary>
    private bool TryTrailRollups(int streamId, IReadOnlyList<AuditEvent> batch, out PendingRollups? pending, out NpgsqlBatchCommand? flush)
    {
        flush = null;
        if (!_pendingRollups.TryRemove(streamId, out pending))
        {
            return false; // unknown until the COPY path has caught up; removed meanwhile so a failure leaves it unknown
        }

        foreach (var e in batch)
        {
            pending.Counter.Add(e);
        }

        pending.Events += batch.Count;
        if (pending.Events >= RollupFlushEvery)
        {
            flush = GuardedFlushCommand(pending.Counter, batch[^1].Sequence, streamId, pending.Mark);
        }

        return true;
    }

    /// <summary>After the pipelined commit: the counts stay pending, or the flush moved the mark (or found it moved).</summary>
    private void TrailedRollupsCommitted(int streamId, PendingRollups pending, NpgsqlBatchCommand? flush, long head)
    {
        if (flush is null)
        {
            _pendingRollups[streamId] = pending;
        }
        else if (flush.RecordsAffected > 0)
        {
            _pendingRollups[streamId] = new PendingRollups(head);
        }

        // else: the mark had moved (a deletion counted the tail); the next batch takes the COPY path and counts again.
    }

    /// <summary>When the lease ends: what is still pending goes in (best effort: a later reader counts it from the events anyway).</summary>
    private async Task FlushPendingRollupsAsync(NpgsqlConnection connection, int streamId)
    {
        if (!_pendingRollups.TryRemove(streamId, out var pending) || pending.Events == 0)
        {
            return;
        }

        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { GuardedFlushCommand(pending.Counter, pending.Mark + pending.Events, streamId, pending.Mark) } };
        await batch.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private static NpgsqlBatchCommand GuardedFlushCommand(RollupCounter counter, long newMark, int streamId, long expectedMark)
    {
        var command = RollupCommand(counter);
        command.CommandText = GuardedFlushSql;
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = newMark });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = streamId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expectedMark });
        return command;
    }

    /// <summary>The events past every mark, counted as the roll-ups count them (read in the caller's snapshot).</summary>
    private static async Task<RollupCounter> ReadRollupTailAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var counter = new RollupCounter();
        foreach (var row in await connection.QueryAsync<TailRow>(new CommandDefinition(TailSql + " WHERE e.key IS NOT NULL;", transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false))
        {
            counter.Add(row.Ts!.Value, row.Tenant, (AuditCategory)row.Category!.Value, row.Action!, row.Actor, row.Entity, (AuditOutcome)row.Outcome!.Value, (RiskLevel)row.Risk!.Value);
        }

        return counter;
    }

    /// <summary>The events counted in memory since the mark (not yet in the roll-ups).</summary>
    internal sealed class PendingRollups(long mark)
    {
        public long Mark { get; } = mark;

        public RollupCounter Counter { get; } = new();

        public int Events { get; set; }
    }

    private sealed record TailRow(int Stream, long Mark, long? Key, long? Ts, string? Tenant, int? Category, string? Action, string? Actor, string? Entity, int? Outcome, int? Risk);
}
