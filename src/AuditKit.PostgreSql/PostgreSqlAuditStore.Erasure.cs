using Dapper;

namespace AuditKit.PostgreSql;

public sealed partial class PostgreSqlAuditStore
{
    /// <inheritdoc />
    public override async Task ApplyErasureAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var json = new System.Buffers.ArrayBufferWriter<byte>(1024);
        foreach (var e in events)
        {
            var parameters = new DynamicParameters(new
            {
                Key = AuditStreamKey.Pack(e.StreamId, e.Sequence),
                Ts = AuditCursor.ToMicros(e.Timestamp),
                ActorName = e.Actor?.Name,
                ActorEmail = e.Actor?.Email,
                ClientIp = e.Client?.IpAddress,
                ClientLocation = e.Client?.Location,
                ClientUserAgent = e.Client?.UserAgent,
                ClientDevice = e.Client?.Device,
                RecordName = e.Target?.RecordName,
                Changes = StoredJson.WriteChanges(e.Changes, json),
                Seals = e.GetSealsJson(),
            });
            parameters.Add("Search", PostgreSqlSearchVector.Text(e));
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE audit_events SET actor_name = @ActorName, actor_email = @ActorEmail, client_ip = @ClientIp, client_location = @ClientLocation,
                    client_user_agent = @ClientUserAgent, client_device = @ClientDevice, record_name = @RecordName, changes = @Changes::jsonb,
                    seals = @Seals, search = @Search::tsvector
                WHERE key = @Key AND ts = @Ts;
                """,
                parameters, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var e in events)
        {
            _erasedMonths.TryAdd(MonthOf(e.Timestamp), 0);
        }
    }

    /// <summary>
    /// The updates left the erased values outside the rows: in the planner's statistics (<c>pg_stats</c>, readable
    /// by any user who may read the table) until the next ANALYZE, and in the old row versions in the partitions'
    /// files until their space is reused. This refreshes the statistics of every partition touched since the last
    /// clean-up (and of the parent table when it has any) and, with
    /// <see cref="PostgreSqlAuditStoreOptions.RewritePartitionsAfterErasure"/>, rewrites those partitions.
    /// </summary>
    public override async Task CompleteErasureAsync(CancellationToken cancellationToken = default)
    {
        var months = new List<int>();
        foreach (var month in _erasedMonths.Keys.Order())
        {
            if (_erasedMonths.TryRemove(month, out _))
            {
                months.Add(month);
            }
        }

        if (months.Count == 0)
        {
            return;
        }

        var done = 0;
        try
        {
            await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
            foreach (var month in months)
            {
                // VACUUM cannot run in a transaction: one statement per command, in autocommit.
                var sql = _options.RewritePartitionsAfterErasure ? $"VACUUM (FULL, ANALYZE) {PartitionName(month)};" : $"ANALYZE {PartitionName(month)};";
                await connection.ExecuteAsync(new CommandDefinition(sql, commandTimeout: 0, cancellationToken: cancellationToken)).ConfigureAwait(false);
                done++;
            }

            // Statistics of the partitioned parent exist only after someone ran ANALYZE on it (autovacuum never
            // does); they sample every partition, so they may hold the erased values too.
            var parentHasStatistics = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'audit_events');",
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (parentHasStatistics)
            {
                await connection.ExecuteAsync(new CommandDefinition("ANALYZE audit_events;", commandTimeout: 0, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
        }
        catch
        {
            // What was not cleaned up is cleaned by the next erasure's clean-up (or a retry).
            foreach (var month in months.Skip(done))
            {
                _erasedMonths.TryAdd(month, 0);
            }

            throw;
        }
    }
}
