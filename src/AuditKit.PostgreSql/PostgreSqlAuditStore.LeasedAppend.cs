using System.Collections.Concurrent;
using Npgsql;
using NpgsqlTypes;

namespace AuditKit.PostgreSql;

/// <summary>
/// The writer's latency path: a batch of a stream this store holds is written on the stream's own connection (the
/// one holding its advisory lock: always open, no pool reset per batch). A small batch (under 16 events) that
/// continues the head this store last committed goes as one pipelined statement batch — a guard and one INSERT per
/// event; the roll-ups trail (counted in memory, upserted with every 64th event's batch: PostgreSqlAuditStore.TrailingRollups.cs)
/// — in PostgreSQL's implicit transaction: one round trip, one commit. Larger batches, and any batch that does not
/// continue the known head (a retry, a replay), take the COPY path with the stored head read in the transaction.
/// </summary>
public sealed partial class PostgreSqlAuditStore
{
    /// <summary>
    /// Batches of at least this many events are written with binary COPY; smaller ones as one statement batch. Alone
    /// (<c>PostgreSqlBatchPathBenchmarks</c>, one appender) COPY is ~15% faster from 32 events on; under concurrent
    /// awaiting callers, where a batch holds the callers a commit gathered and the client's CPU is shared with the
    /// server, one statement batch is faster at 32 and 64 (fewer round trips, roll-ups trailing): 30–40% less time and
    /// ~25% less CPU per event with 32 callers (<c>DurableLatencyBenchmarks</c> with <c>AUDITKIT_PG_COPY_FROM=16,128</c>,
    /// docs/benchmarks.md). Bulk batches (hundreds and more) still take COPY.
    /// </summary>
    internal const int DefaultCopyFrom = 128;

    /// <summary>The COPY crossover in use (<see cref="DefaultCopyFrom"/>; the crossover benchmark moves it).</summary>
    internal int CopyFrom { get; set; } = DefaultCopyFrom;

    private const string Columns = PostgreSqlSchema.EventColumns + ", search";

    // The last column, search, arrives as tsvector text (PostgreSqlSearchVector.Text) and is cast by the server.
    private static readonly string InsertSql =
        $"INSERT INTO audit_events ({Columns}) VALUES ({string.Join(", ", Enumerable.Range(1, Columns.Split(", ").Length).Select(i => "$" + i))}::tsvector)";

    // Fails the batch (division by zero) when the stream holds any key past the head this store committed: then
    // something else wrote the stream, and the COPY path's checks decide (idempotent replay or another writer).
    private const string GuardSql =
        "SELECT 1 / (CASE WHEN EXISTS (SELECT 1 FROM audit_events WHERE key BETWEEN $1 AND $2) THEN 0 ELSE 1 END)";

    /// <summary>The last sequence this store committed (or read when it took the lease) per held stream; absent when unknown.</summary>
    private readonly ConcurrentDictionary<int, long> _committedHeads = new();

    /// <summary>The held stream's connection when the whole batch belongs to one stream this store holds.</summary>
    private NpgsqlConnection? LeaseConnectionFor(IReadOnlyList<AuditEvent> batch)
    {
        var stream = batch[0].StreamId;
        for (var i = 1; i < batch.Count; i++)
        {
            if (batch[i].StreamId != stream)
            {
                return null;
            }
        }

        return _leases.TryGetValue(stream, out var connection) ? connection : null;
    }

    /// <summary>
    /// One round trip for a small batch that continues the known head; false (nothing written) when the batch is
    /// large, not a continuation, or the guard found keys past the head.
    /// </summary>
    private async Task<bool> TryAppendPipelinedAsync(NpgsqlConnection connection, IReadOnlyList<AuditEvent> batch, CancellationToken cancellationToken)
    {
        var stream = batch[0].StreamId;
        if (batch.Count >= CopyFrom || !_committedHeads.TryGetValue(stream, out var head))
        {
            return false;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (batch[i].Sequence != head + 1 + i)
            {
                return false;
            }
        }

        foreach (var e in batch)
        {
            await EnsurePartitionAsync(connection, MonthOf(e.Timestamp), cancellationToken).ConfigureAwait(false);
        }

        if (!TryTrailRollups(stream, batch, out var pending, out var flush))
        {
            return false; // the roll-ups' mark is not known here: the COPY path counts from the stored events
        }

        _committedHeads.TryRemove(stream, out _); // unknown until this commit is confirmed
        await using var command = new NpgsqlBatch(connection);
        var guard = new NpgsqlBatchCommand(GuardSql);
        guard.Parameters.Add(new NpgsqlParameter<long> { TypedValue = AuditStreamKey.Pack(stream, head + 1) });
        guard.Parameters.Add(new NpgsqlParameter<long> { TypedValue = AuditStreamKey.Last(stream) });
        command.BatchCommands.Add(guard);
        var json = new System.Buffers.ArrayBufferWriter<byte>(1024);
        foreach (var e in batch)
        {
            command.BatchCommands.Add(InsertCommand(e, json));
        }

        if (flush is not null)
        {
            command.BatchCommands.Add(flush); // the roll-ups of the last RollupFlushEvery events and the new mark
        }

        try
        {
            // Prepared on the lease connection (Npgsql keeps them per physical connection; after the first batch this
            // is a look-up, no round trip): the server then plans the guard, the INSERT and the roll-up statement
            // once instead of per batch — planning the guard over every partition and its indexes was ~260 µs of
            // each event's ~1 ms (docs/benchmarks.md, "Where one awaited event goes").
            await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DivisionByZero)
        {
            return false; // the implicit transaction rolled back: nothing of the batch was written
        }

        _committedHeads[stream] = batch[^1].Sequence;
        TrailedRollupsCommitted(stream, pending!, flush, batch[^1].Sequence);
        return true;
    }

    private static NpgsqlBatchCommand InsertCommand(AuditEvent e, System.Buffers.ArrayBufferWriter<byte> json)
    {
        var command = new NpgsqlBatchCommand(InsertSql);
        var p = command.Parameters;
        var actor = e.Actor;
        var client = e.Client;
        var target = e.Target;
        p.Add(new NpgsqlParameter<long> { TypedValue = AuditStreamKey.Pack(e.StreamId, e.Sequence) });
        p.Add(new NpgsqlParameter<Guid> { TypedValue = e.Id });
        p.Add(new NpgsqlParameter<long> { TypedValue = AuditCursor.ToMicros(e.Timestamp) });
        Text(p, e.TenantId);
        p.Add(new NpgsqlParameter<int> { TypedValue = (int)e.Category });
        Text(p, e.Action);
        p.Add(new NpgsqlParameter<int> { TypedValue = (int)e.Outcome });
        p.Add(new NpgsqlParameter<int> { TypedValue = (int)e.Risk });
        Text(p, e.Message);
        Text(p, actor?.Id);
        Text(p, actor?.Name);
        Text(p, actor?.Email);
        Text(p, actor?.Role);
        p.Add(actor is null ? new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = DBNull.Value } : new NpgsqlParameter<int> { TypedValue = (int)actor.Kind });
        Text(p, client?.IpAddress);
        Text(p, client?.Location);
        Text(p, client?.UserAgent);
        Text(p, client?.Device);
        Text(p, client?.SessionId);
        Text(p, target?.EntityType);
        Text(p, target?.RecordId);
        Text(p, target?.RecordName);
        Text(p, target?.Module);
        Text(p, target?.Component);
        Text(p, StoredJson.WriteChanges(e.Changes, json), NpgsqlDbType.Jsonb);
        Text(p, e.CorrelationId);
        Text(p, e.TraceId);
        Text(p, StoredJson.WriteMetadata(e.Metadata, json), NpgsqlDbType.Json);
        p.Add(new NpgsqlParameter<byte[]> { TypedValue = e.GetPreviousHashBytes()!, NpgsqlDbType = NpgsqlDbType.Bytea });
        p.Add(new NpgsqlParameter<byte[]> { TypedValue = e.GetHashBytes()!, NpgsqlDbType = NpgsqlDbType.Bytea });
        Text(p, e.GetSealsJson());
        p.Add(new NpgsqlParameter<byte[]> { TypedValue = e.GetFieldDigests(), NpgsqlDbType = NpgsqlDbType.Bytea });
        p.Add(new NpgsqlParameter<string> { TypedValue = PostgreSqlSearchVector.Text(e) });
        return command;

        static void Text(NpgsqlParameterCollection parameters, string? value, NpgsqlDbType type = NpgsqlDbType.Text) =>
            parameters.Add(new NpgsqlParameter { NpgsqlDbType = type, Value = (object?)value ?? DBNull.Value });
    }
}
