using Dapper;

namespace AuditKit.Sqlite;

// What subscriptions read: the streams, and one batch of a stream limited to the rows it needs.
public sealed partial class SqliteAuditStore
{
    /// <inheritdoc />
    public override async Task<IReadOnlyList<int>> GetStreamIdsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync<int>(new CommandDefinition("SELECT stream_id FROM audit_streams ORDER BY stream_id;", cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<AuditEvent>> ReadStreamBatchAsync(int streamId, long fromSequence, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(streamId, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(fromSequence, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SqliteSchema.ReadColumns} FROM audit_events WHERE key >= $next AND key <= $last ORDER BY key LIMIT $limit;";
        command.Parameters.AddWithValue("$next", AuditStreamKey.Pack(streamId, fromSequence));
        command.Parameters.AddWithValue("$last", AuditStreamKey.Last(streamId));
        command.Parameters.AddWithValue("$limit", maxCount);
        var events = new List<AuditEvent>(Math.Min(maxCount, 1024));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            events.Add(SqliteEventReader.Read(reader).ToEvent());
        }

        return events;
    }
}
