using Dapper;

namespace AuditKit.PostgreSql;

// What subscriptions read: the streams, and one batch of a stream limited to the rows it needs.
public sealed partial class PostgreSqlAuditStore
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
        var rows = await connection.QueryAsync<StoredEventRow>(new CommandDefinition(
            PostgreSqlEventRow.Select + " WHERE e.key >= @next AND e.key <= @last ORDER BY e.key LIMIT @maxCount;",
            new { next = AuditStreamKey.Pack(streamId, fromSequence), last = AuditStreamKey.Last(streamId), maxCount }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToEvent(changesAreCanonical: false)).ToList();
    }
}
