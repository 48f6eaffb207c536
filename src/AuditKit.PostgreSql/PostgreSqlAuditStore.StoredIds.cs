using Npgsql;
using NpgsqlTypes;

namespace AuditKit.PostgreSql;

public sealed partial class PostgreSqlAuditStore
{
    private const int StoredIdsChunk = 1_000;

    /// <summary>
    /// One round trip per 1,000 ids: each id is looked up on the time index within its own millisecond (a UUID v7
    /// carries it), which also prunes the lookup to one monthly partition. LATERAL … LIMIT 1 keeps the plan a
    /// nested loop of index probes however many rows the table holds.
    /// </summary>
    public override async Task<IReadOnlySet<Guid>> GetStoredIdsAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var stored = new HashSet<Guid>();
        var candidates = new List<(Guid Id, long From, long To)>(Math.Min(ids.Count, StoredIdsChunk));
        foreach (var id in ids.Distinct())
        {
            if (EventIdTime.TryGetRange(id, out var from, out var to))
            {
                candidates.Add((id, from, to));
            }
        }

        if (candidates.Count == 0)
        {
            return stored;
        }

        await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        for (var start = 0; start < candidates.Count; start += StoredIdsChunk)
        {
            var chunk = candidates.GetRange(start, Math.Min(StoredIdsChunk, candidates.Count - start));
            await using var command = new NpgsqlCommand(
                "SELECT k.id FROM unnest(@ids, @lo, @hi) AS k(id, lo, hi) " +
                "CROSS JOIN LATERAL (SELECT 1 FROM audit_events e WHERE e.ts >= k.lo AND e.ts < k.hi AND e.id = k.id LIMIT 1) AS found;",
                connection);
            command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { TypedValue = chunk.Select(c => c.Id).ToArray() });
            command.Parameters.Add(new NpgsqlParameter<long[]>("lo", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = chunk.Select(c => c.From).ToArray() });
            command.Parameters.Add(new NpgsqlParameter<long[]>("hi", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = chunk.Select(c => c.To).ToArray() });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                stored.Add(reader.GetGuid(0));
            }
        }

        return stored;
    }
}
