using System.Collections.Concurrent;
using System.Globalization;
using Dapper;
using Npgsql;

namespace AuditKit.PostgreSql;

/// <summary>
/// The PostgreSQL store: events in a table partitioned by month, appended with binary COPY in the writer's
/// batches; hourly roll-ups kept in the same transaction; free text through a tsvector column with a GIN index;
/// one stream per application instance, held with a session advisory lock. Register it with
/// <c>audit.UsePostgreSql(connectionString)</c>.
/// </summary>
public sealed partial class PostgreSqlAuditStore : AuditStore
{
    internal const string Provider = "postgresql";

    private readonly PostgreSqlAuditStoreOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly NpgsqlDataSource _dataSource;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private readonly ConcurrentDictionary<int, byte> _partitions = new();
    private readonly ConcurrentDictionary<int, NpgsqlConnection> _leases = new();
    private readonly ConcurrentDictionary<int, byte> _erasedMonths = new();
    private volatile bool _initialized;
    private volatile bool _leaseSuspect;

    /// <summary>Creates the store; nothing is opened until first use.</summary>
    /// <exception cref="ArgumentException">The connection string is empty or invalid, or the schema name is empty.</exception>
    public PostgreSqlAuditStore(PostgreSqlAuditStoreOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString, "options.ConnectionString");
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Schema, "options.Schema");
        ArgumentOutOfRangeException.ThrowIfNegative(options.PartitionsAhead, "options.PartitionsAhead");
        var builder = ParseConnectionString(options);
        builder.SearchPath = options.Schema;
        if (options.ReadOnly)
        {
            builder.Options = (builder.Options is { Length: > 0 } given ? given + " " : string.Empty) + "-c default_transaction_read_only=on";
        }

        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    /// <inheritdoc />
    public override string ProviderName => Provider;

    private static NpgsqlConnectionStringBuilder ParseConnectionString(PostgreSqlAuditStoreOptions options)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"PostgreSqlAuditStoreOptions.ConnectionString is not a valid Npgsql connection string: {ex.Message}", "options.ConnectionString", ex);
        }
    }

    /// <inheritdoc />
    public override async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (_initialized)
        {
            return;
        }

        await _initLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            if (_options.ReadOnly)
            {
                await PostgreSqlSchema.CheckAsync(connection, _options.Schema, cancellationToken).ConfigureAwait(false);
                _initialized = true;
                return;
            }

            await PostgreSqlSchema.ApplyAsync(connection, _options.Schema, _timeProvider, cancellationToken).ConfigureAwait(false);
            var now = _timeProvider.GetUtcNow();
            for (var i = 0; i <= _options.PartitionsAhead; i++)
            {
                await EnsurePartitionAsync(connection, MonthOf(now.AddMonths(i)), cancellationToken).ConfigureAwait(false);
            }

            _initialized = true;
        }
        finally
        {
            _initLock.Release();
        }
    }

    /// <inheritdoc />
    public override async Task AppendAsync(IReadOnlyList<AuditEvent> batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return;
        }

        await InitializeAsync(cancellationToken).ConfigureAwait(false);

        // A batch of a stream this store holds goes over that stream's open connection (docs/architecture.md).
        var leased = LeaseConnectionFor(batch);
        if (leased is not null && leased.State != System.Data.ConnectionState.Open)
        {
            _leaseSuspect = true; // the connection holding the stream's lock broke: take the lock again first
        }

        if (_leaseSuspect)
        {
            // After a failed append (the server may have restarted), check the stream locks before writing again.
            foreach (var streamId in batch.Select(e => e.StreamId).Distinct())
            {
                await EnsureLeaseAsync(streamId, cancellationToken).ConfigureAwait(false);
            }

            _leaseSuspect = false;
            leased = LeaseConnectionFor(batch);
        }

        try
        {
            if (leased is not null && await TryAppendPipelinedAsync(leased, batch, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            var pooled = leased is null ? await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false) : null;
            await using (pooled)
            {
                var connection = leased ?? pooled!;
                foreach (var month in batch.Select(e => MonthOf(e.Timestamp)).Distinct())
                {
                    await EnsurePartitionAsync(connection, month, cancellationToken).ConfigureAwait(false);
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                var fresh = await NewEventsAsync(connection, transaction, batch, cancellationToken).ConfigureAwait(false);
                if (fresh.Count > 0)
                {
                    // The roll-ups of these events and of any trailing ones (past the streams' marks) in this transaction,
                    // counted before the COPY: the tail query then reads only the trailing events, not the batch back.
                    await CatchUpRollupsAsync(connection, transaction, batch.Select(e => e.StreamId).Distinct().ToArray(), fresh, cancellationToken).ConfigureAwait(false);
                    await new PostgreSqlCopyWriter().WriteAsync(connection, fresh, cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                if (leased is not null)
                {
                    // The next batch continues from here; the pipelined path's guard checks it in its transaction.
                    _committedHeads[batch[0].StreamId] = batch[^1].Sequence;
                    if (fresh.Count > 0)
                    {
                        RollupsCaughtUp(batch[0].StreamId, batch[^1].Sequence);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException || leased is { State: not System.Data.ConnectionState.Open })
        {
            _committedHeads.Clear();
            _pendingRollups.Clear();
            _leaseSuspect = true;
            throw;
        }
    }

    // Appends are idempotent on (stream, sequence): events at or below the stored head of their stream are a
    // replay and must be identical to what is stored; a different hash there means another writer took the stream.
    private static async Task<List<AuditEvent>> NewEventsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<AuditEvent> batch, CancellationToken cancellationToken)
    {
        var fresh = new List<AuditEvent>(batch.Count);
        foreach (var stream in batch.GroupBy(e => e.StreamId))
        {
            var head = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT max(key) FROM audit_events WHERE key BETWEEN @first AND @last;",
                new { first = AuditStreamKey.First(stream.Key), last = AuditStreamKey.Last(stream.Key) }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false) ?? 0;
            var replayed = stream.Where(e => AuditStreamKey.Pack(e.StreamId, e.Sequence) <= head).ToList();
            if (replayed.Count > 0)
            {
                var stored = (await connection.QueryAsync<(long Key, byte[] Hash)>(new CommandDefinition(
                    "SELECT key, hash FROM audit_events WHERE key = ANY(@keys);",
                    new { keys = replayed.Select(e => AuditStreamKey.Pack(e.StreamId, e.Sequence)).ToArray() }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false))
                    .ToDictionary(r => r.Key, r => r.Hash);
                foreach (var e in replayed)
                {
                    if (stored.TryGetValue(AuditStreamKey.Pack(e.StreamId, e.Sequence), out var hash) && !hash.AsSpan().SequenceEqual(e.GetHashBytes()))
                    {
                        throw new InvalidOperationException($"Audit stream {e.StreamId} already holds a different event at sequence {e.Sequence}: another writer is using this stream.");
                    }
                }
            }

            fresh.AddRange(stream.Where(e => AuditStreamKey.Pack(e.StreamId, e.Sequence) > head));
        }

        return fresh;
    }

    /// <summary>Adds the rows counted by <paramref name="rollups"/> (a rebuild from the stored events).</summary>
    internal static async Task UpsertRollupsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, RollupCounter rollups, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { RollupCommand(rollups) } };
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlBatchCommand RollupCommand(RollupCounter rollups)
    {
        var rows = rollups.Rows;
        var command = new NpgsqlBatchCommand(
            """
            INSERT INTO audit_rollups (dim, tenant, bucket, key, count)
            SELECT * FROM unnest($1, $2, $3, $4, $5)
            ON CONFLICT (dim, tenant, bucket, key) DO UPDATE SET count = audit_rollups.count + excluded.count
            """);
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = rows.Select(r => r.Dim).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = rows.Select(r => r.Tenant).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = rows.Select(r => r.Bucket).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = rows.Select(r => r.Key).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = rows.Select(r => r.Count).ToArray() });
        return command;
    }

    private static int MonthOf(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return (utc.Year * 12) + utc.Month - 1;
    }

    private static DateTimeOffset MonthStart(int month) => new(month / 12, (month % 12) + 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static string PartitionName(int month) =>
        string.Create(CultureInfo.InvariantCulture, $"audit_events_p{month / 12:D4}{(month % 12) + 1:D2}");

    // Monthly partitions, created when first needed and kept ahead of the present; concurrent creators are fine.
    private async Task EnsurePartitionAsync(NpgsqlConnection connection, int month, CancellationToken cancellationToken)
    {
        if (_partitions.ContainsKey(month))
        {
            return;
        }

        var start = MonthStart(month);
        var name = PartitionName(month);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"CREATE TABLE IF NOT EXISTS {name} PARTITION OF audit_events FOR VALUES FROM ({AuditCursor.ToMicros(start)}) TO ({AuditCursor.ToMicros(start.AddMonths(1))});",
                cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.UniqueViolation)
        {
            // another instance created it at the same moment
        }

        _partitions[month] = 0;
    }

    /// <inheritdoc />
    protected override async ValueTask DisposeAsyncCore()
    {
        foreach (var connection in _leases.Values)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        _leases.Clear();
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        _initLock.Dispose();
    }
}
