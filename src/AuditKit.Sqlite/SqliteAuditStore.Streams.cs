using System.Collections.Concurrent;
using Dapper;

namespace AuditKit.Sqlite;

// Several processes (or app instances) may share one database file. Each writer holds its own stream,
// so each chain and sequence has exactly one writer: the hold is an exclusive OS lock on a small file
// beside the database (audit.db.stream-N.lock), which the OS releases when the process ends, even by
// SIGKILL. A restarted instance takes the lowest free stream and continues that stream's chain.
public sealed partial class SqliteAuditStore
{
    private const int MaxStreams = 1024;

    private readonly ConcurrentDictionary<int, FileStream?> _heldStreams = new();

    /// <inheritdoc />
    public override async Task<AuditStreamLease> OpenStreamAsync(int? preferredStreamId, string? application, CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        int streamId;
        if (preferredStreamId is { } preferred)
        {
            if (preferred < 1 || preferred > AuditStreamKey.MaxStreamId)
            {
                throw new ArgumentOutOfRangeException(nameof(preferredStreamId), preferred, $"A stream id is between 1 and {AuditStreamKey.MaxStreamId}.");
            }

            if (!TryHold(preferred))
            {
                throw new InvalidOperationException($"Audit stream {preferred} of {_databasePath ?? "the in-memory database"} is held by another writer (another process or AuditKit instance). Give each instance its own AuditKitOptions.StreamId, or leave it unset to take a free stream.");
            }

            streamId = preferred;
        }
        else
        {
            streamId = 0;
            for (var candidate = 1; candidate <= MaxStreams && streamId == 0; candidate++)
            {
                if (TryHold(candidate))
                {
                    streamId = candidate;
                }
            }

            if (streamId == 0)
            {
                throw new InvalidOperationException($"All {MaxStreams} audit streams of {_databasePath} are held by live writers.");
            }
        }

        try
        {
            await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO audit_streams (stream_id, created_us, application, host) VALUES (@streamId, @created, @application, @host) ON CONFLICT (stream_id) DO NOTHING;",
                new { streamId, created = AuditCursor.ToMicros(_timeProvider.GetUtcNow()), application, host = Environment.MachineName },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            var head = await ReadHeadAsync(connection, streamId, cancellationToken).ConfigureAwait(false);
            return new AuditStreamLease(streamId, head.Sequence, head.Hash, () =>
            {
                Release(streamId);
                return ValueTask.CompletedTask;
            });
        }
        catch
        {
            Release(streamId);
            throw;
        }
    }

    /// <inheritdoc />
    public override async Task AppendCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
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
        await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT checkpoint FROM audit_checkpoints WHERE stream_id = @streamId ORDER BY to_sequence;", new { streamId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(AuditCheckpoint.FromJson).ToList();
    }

    private static async Task<(long Sequence, string Hash)> ReadHeadAsync(Microsoft.Data.Sqlite.SqliteConnection connection, int streamId, CancellationToken cancellationToken)
    {
        var row = await connection.QueryFirstOrDefaultAsync<(long Key, byte[] Hash)?>(new CommandDefinition(
            "SELECT key, hash FROM audit_events WHERE key BETWEEN @first AND @last ORDER BY key DESC LIMIT 1;",
            new { first = AuditStreamKey.First(streamId), last = AuditStreamKey.Last(streamId) },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row is { } r ? (AuditStreamKey.SequenceOf(r.Key), Convert.ToHexStringLower(r.Hash)) : (0L, AuditStoredForm.GenesisHash);
    }

    private bool TryHold(int streamId)
    {
        if (_databasePath is null)
        {
            return _heldStreams.TryAdd(streamId, null);
        }

        if (_heldStreams.ContainsKey(streamId))
        {
            return false;
        }

        try
        {
            var file = new FileStream($"{_databasePath}.stream-{streamId}.lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            if (_heldStreams.TryAdd(streamId, file))
            {
                return true;
            }

            file.Dispose();
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private void Release(int streamId)
    {
        if (_heldStreams.TryRemove(streamId, out var file))
        {
            file?.Dispose();
        }
    }
}
