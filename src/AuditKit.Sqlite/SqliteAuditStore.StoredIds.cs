using Microsoft.Data.Sqlite;

namespace AuditKit.Sqlite;

public sealed partial class SqliteAuditStore
{
    /// <summary>
    /// One prepared point lookup per id on the time index, in one read transaction: a UUID v7 carries its
    /// millisecond, so each lookup reads only the rows of that millisecond (no index on the random id is needed).
    /// </summary>
    public override async Task<IReadOnlySet<Guid>> GetStoredIdsAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var stored = new HashSet<Guid>();
        if (ids.Count == 0)
        {
            return stored;
        }

        await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: true); // one snapshot for every lookup
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT 1 FROM audit_events WHERE ts >= $lo AND ts < $hi AND id = $id LIMIT 1;";
        var lo = command.Parameters.Add("$lo", SqliteType.Integer);
        var hi = command.Parameters.Add("$hi", SqliteType.Integer);
        var id = command.Parameters.Add("$id", SqliteType.Blob);
        await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        foreach (var candidate in ids)
        {
            if (stored.Contains(candidate) || !EventIdTime.TryGetRange(candidate, out var from, out var to))
            {
                continue;
            }

            lo.Value = from;
            hi.Value = to;
            id.Value = candidate.ToByteArray(bigEndian: true);
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
            {
                stored.Add(candidate);
            }
        }

        return stored;
    }
}
