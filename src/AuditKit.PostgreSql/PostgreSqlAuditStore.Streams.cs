using Dapper;
using Npgsql;

namespace AuditKit.PostgreSql;

public sealed partial class PostgreSqlAuditStore
{
    /// <inheritdoc />
    public override async Task<AuditStreamLease> OpenStreamAsync(int? preferredStreamId, string? application, CancellationToken cancellationToken = default)
    {
        if (preferredStreamId is { } preferred)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(preferred, 1, nameof(preferredStreamId));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(preferred, AuditStreamKey.MaxStreamId, nameof(preferredStreamId));
        }

        await InitializeAsync(cancellationToken).ConfigureAwait(false);

        // The hold is a session advisory lock on a connection kept open for the lease: the server releases it
        // when the process dies or the connection drops.
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var lockClass = PostgreSqlSchema.LockClass(_options.Schema);
            int streamId;
            if (preferredStreamId is { } wanted)
            {
                if (!await TryLockAsync(connection, lockClass, wanted, cancellationToken).ConfigureAwait(false))
                {
                    throw new InvalidOperationException($"Audit stream {wanted} is held by another writer.");
                }

                streamId = wanted;
            }
            else
            {
                streamId = 0;
                for (var candidate = 1; candidate <= AuditStreamKey.MaxStreamId; candidate++)
                {
                    if (await TryLockAsync(connection, lockClass, candidate, cancellationToken).ConfigureAwait(false))
                    {
                        streamId = candidate;
                        break;
                    }
                }

                if (streamId == 0)
                {
                    throw new InvalidOperationException("Every audit stream is held by a writer.");
                }
            }

            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO audit_streams (stream_id, created_us, application, host) VALUES (@streamId, @now, @application, @host) ON CONFLICT (stream_id) DO NOTHING;",
                new { streamId, now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds() * 1000, application, host = Environment.MachineName },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            var (sequence, hash) = await ReadHeadAsync(connection, streamId, cancellationToken).ConfigureAwait(false);

            // The roll-ups' mark (a stream without one is counted in full), and what an earlier writer left uncounted.
            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO audit_rollup_marks (stream_id, sequence) VALUES (@streamId, @sequence) ON CONFLICT (stream_id) DO NOTHING;",
                    new { streamId, sequence }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                await CatchUpRollupsAsync(connection, transaction, [streamId], null, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            RollupsCaughtUp(streamId, sequence);
            _leases[streamId] = connection;
            _committedHeads[streamId] = sequence; // read under the lock this connection holds
            return new AuditStreamLease(streamId, sequence, hash, async () =>
            {
                _committedHeads.TryRemove(streamId, out _);
                if (_leases.TryRemove(streamId, out var held))
                {
                    try
                    {
                        await FlushPendingRollupsAsync(held, streamId).ConfigureAwait(false);
                        await held.ExecuteAsync("SELECT pg_advisory_unlock(@lockClass, @streamId);", new { lockClass, streamId }).ConfigureAwait(false);
                    }
                    catch (NpgsqlException)
                    {
                        // the connection is gone, and the lock with it
                    }

                    await held.DisposeAsync().ConfigureAwait(false);
                }
            });
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // The stream's advisory lock lives as long as its connection: after the server restarted or the connection
    // dropped, take it again before writing, or fail if another writer took the stream meanwhile.
    private async Task EnsureLeaseAsync(int streamId, CancellationToken cancellationToken)
    {
        if (!_leases.TryGetValue(streamId, out var held))
        {
            return; // not a stream this store leased (a replay of another stream's journal, or a test seeding data)
        }

        try
        {
            // Only an open connection still holds the lock (Dapper would open a closed one: a new session without it).
            if (held.State == System.Data.ConnectionState.Open)
            {
                await held.ExecuteAsync(new CommandDefinition("SELECT 1;", cancellationToken: cancellationToken)).ConfigureAwait(false);
                return;
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // the connection is gone, and the lock with it
        }

        _committedHeads.TryRemove(streamId, out _); // read the head again under the new lock
        _pendingRollups.TryRemove(streamId, out _); // the COPY path counts from the mark again
        await held.DisposeAsync().ConfigureAwait(false);

        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (!await TryLockAsync(connection, PostgreSqlSchema.LockClass(_options.Schema), streamId, cancellationToken).ConfigureAwait(false))
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"Audit stream {streamId} was taken by another writer while this one was disconnected; this writer cannot continue it.");
        }

        _leases[streamId] = connection;
    }

    private static Task<bool> TryLockAsync(NpgsqlConnection connection, int lockClass, int streamId, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT pg_try_advisory_lock(@lockClass, @streamId);", new { lockClass, streamId }, cancellationToken: cancellationToken));

    private static async Task<(long Sequence, string Hash)> ReadHeadAsync(NpgsqlConnection connection, int streamId, CancellationToken cancellationToken)
    {
        var row = await connection.QueryFirstOrDefaultAsync<(long Key, byte[] Hash)?>(new CommandDefinition(
            "SELECT key, hash FROM audit_events WHERE key BETWEEN @first AND @last ORDER BY key DESC LIMIT 1;",
            new { first = AuditStreamKey.First(streamId), last = AuditStreamKey.Last(streamId) },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row is { } r ? (AuditStreamKey.SequenceOf(r.Key), Convert.ToHexStringLower(r.Hash)) : (0L, AuditStoredForm.GenesisHash);
    }

    /// <inheritdoc />
    public override async Task AppendCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO audit_checkpoints (stream_id, to_sequence, checkpoint) VALUES (@stream, @to, @json) ON CONFLICT (stream_id, to_sequence) DO NOTHING;",
            new { stream = checkpoint.StreamId, to = checkpoint.ToSequence, json = checkpoint.ToJson() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task<byte[]?> GetFieldDigestsAsync(int streamId, long sequence, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<byte[]?>(new CommandDefinition(
            "SELECT digests FROM audit_events WHERE key = @key;", new { key = AuditStreamKey.Pack(streamId, sequence) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<AuditCheckpoint>> GetCheckpointsAsync(int streamId, CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT checkpoint FROM audit_checkpoints WHERE stream_id = @streamId ORDER BY to_sequence;", new { streamId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(AuditCheckpoint.FromJson).ToList();
    }
}
