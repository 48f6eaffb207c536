using System.Globalization;
using System.Text;
using Dapper;
using Npgsql;

namespace AuditKit.PostgreSql;

public sealed partial class PostgreSqlAuditStore
{
    /// <summary>
    /// Removes whole months: detaches and drops every monthly partition that ends at or before
    /// <paramref name="cutoff"/>, and deletes those months' roll-up rows — constant time per month instead of
    /// deleting row by row. The primitive retention uses once every event of a month has expired and been
    /// archived; the verifier then reports the dropped range as missing unless it starts from a later checkpoint.
    /// </summary>
    /// <param name="cutoff">Months ending at or before this instant are dropped; a month it falls inside is kept.</param>
    /// <param name="cancellationToken">Cancels between months.</param>
    /// <returns>The first day of each month dropped, oldest first.</returns>
    public async Task<IReadOnlyList<DateTimeOffset>> DropMonthsBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        var dropped = new List<DateTimeOffset>();
        foreach (var (name, month) in await MonthPartitionsAsync(connection, cancellationToken).ConfigureAwait(false))
        {
            var end = month.AddMonths(1);
            if (end > cutoff)
            {
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await CatchUpBeforeDetachAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                $"ALTER TABLE audit_events DETACH PARTITION {name}; DROP TABLE {name}; DELETE FROM audit_rollups WHERE bucket >= @from AND bucket < @to;",
                new { from = AuditCursor.ToMicros(month), to = AuditCursor.ToMicros(end) }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _partitions.TryRemove(MonthOf(month), out _);
            dropped.Add(month);
        }

        return dropped;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Per monthly partition, in one transaction: the partition is locked against writers (SHARE), checked to hold no event
    /// outside the selection (a held one, another stream's, one not expired, a stream's newest), its events' tombstones are
    /// written as <see cref="DeleteEventsAsync"/> writes them, then it is detached and dropped and the month's roll-up rows
    /// deleted. Detaching locks the events table for that moment. The current and later months are never dropped.
    /// </remarks>
    public override async Task<long> DeleteWholePartitionsAsync(IReadOnlyList<AuditDeletionRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0)
        {
            return 0;
        }

        var parameters = new DynamicParameters();
        var selected = new StringBuilder();
        for (var i = 0; i < requests.Count; i++)
        {
            var request = requests[i];
            request.Validate();
            var (first, last) = AuditStreamKey.RangeOf(request);
            selected.Append(i == 0 ? "(" : " OR (").Append(CultureInfo.InvariantCulture, $"e.ts >= @f{i} AND e.ts < @t{i} AND e.category = @c{i} AND e.key >= @k{i} AND e.key <= @l{i})");
            parameters.Add($"f{i}", AuditCursor.ToMicros(request.From));
            parameters.Add($"t{i}", AuditCursor.ToMicros(request.To));
            parameters.Add($"c{i}", (int)request.Category);
            parameters.Add($"k{i}", first);
            parameters.Add($"l{i}", last);
        }

        // Every request's holds apply to every request: never more is taken than each request alone would take.
        var held = HeldSql([.. requests.SelectMany(r => r.Holds).Distinct()], parameters);
        var before = requests.Max(r => r.To);
        parameters.Add("deleted", AuditCursor.ToMicros(_timeProvider.GetUtcNow()));
        long removed = 0;
        await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (name, month) in await MonthPartitionsAsync(connection, cancellationToken).ConfigureAwait(false))
        {
            var end = month.AddMonths(1);
            if (end > before || MonthOf(month) >= MonthOf(_timeProvider.GetUtcNow()))
            {
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition($"LOCK TABLE {name} IN SHARE MODE;", transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            var outside = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                $"""
                SELECT EXISTS (SELECT 1 FROM {name} e WHERE NOT ({selected}) OR ({held}))
                    OR EXISTS (SELECT 1 FROM (SELECT e.key >> {AuditStreamKey.SequenceBits} AS s, max(e.key) AS k FROM {name} e GROUP BY 1) m
                               WHERE NOT EXISTS (SELECT 1 FROM audit_events n WHERE n.key > m.k AND n.key <= (m.s << {AuditStreamKey.SequenceBits}) + {AuditStreamKey.MaxSequence}));
                """,
                parameters, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (outside)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            parameters.Add("from", AuditCursor.ToMicros(month));
            parameters.Add("to", AuditCursor.ToMicros(end));
            var count = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                $"SELECT count(*) FROM {name};", transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                $"""
                INSERT INTO audit_tombstones (key, ts, category, prev_hash, hash, deleted_us)
                SELECT key, ts, category, prev_hash, hash, @deleted FROM {name} ON CONFLICT (key) DO NOTHING;
                """,
                parameters, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await CatchUpBeforeDetachAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                $"ALTER TABLE audit_events DETACH PARTITION {name}; DROP TABLE {name}; DELETE FROM audit_rollups WHERE bucket >= @from AND bucket < @to;",
                parameters, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            _partitions.TryRemove(MonthOf(month), out _);
            removed += count;
        }

        return removed;
    }

    // The dropped month's roll-up rows go with it, so none of its events may still trail: count the tails first. The
    // events table is locked as DETACH locks it before the marks are, so a writer waiting for a mark never holds it.
    private async Task CatchUpBeforeDetachAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition("LOCK TABLE audit_events IN ACCESS EXCLUSIVE MODE;", transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await CatchUpRollupsAsync(connection, transaction, null, null, cancellationToken).ConfigureAwait(false);
    }

    // The monthly partitions of the events table, oldest first, with the first instant of their month.
    private async Task<IReadOnlyList<(string Name, DateTimeOffset Month)>> MonthPartitionsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var names = await connection.QueryAsync<string>(new CommandDefinition(
            """
            SELECT c.relname FROM pg_inherits i
            JOIN pg_class c ON c.oid = i.inhrelid
            JOIN pg_class p ON p.oid = i.inhparent
            JOIN pg_namespace n ON n.oid = p.relnamespace
            WHERE p.relname = 'audit_events' AND n.nspname = @schema
            ORDER BY c.relname;
            """,
            new { schema = _options.Schema }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var partitions = new List<(string, DateTimeOffset)>();
        foreach (var name in names)
        {
            if (name.StartsWith("audit_events_p", StringComparison.Ordinal)
                && DateTimeOffset.TryParseExact(name["audit_events_p".Length..], "yyyyMM", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var month))
            {
                partitions.Add((name, new DateTimeOffset(month.Year, month.Month, 1, 0, 0, 0, TimeSpan.Zero)));
            }
        }

        return partitions;
    }
}
