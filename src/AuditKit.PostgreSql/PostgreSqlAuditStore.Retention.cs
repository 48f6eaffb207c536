using System.Globalization;
using Dapper;

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
        var partitions = await connection.QueryAsync<string>(new CommandDefinition(
            """
            SELECT c.relname FROM pg_inherits i
            JOIN pg_class c ON c.oid = i.inhrelid
            JOIN pg_class p ON p.oid = i.inhparent
            JOIN pg_namespace n ON n.oid = p.relnamespace
            WHERE p.relname = 'audit_events' AND n.nspname = @schema
            ORDER BY c.relname;
            """,
            new { schema = _options.Schema }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var dropped = new List<DateTimeOffset>();
        foreach (var name in partitions)
        {
            if (!name.StartsWith("audit_events_p", StringComparison.Ordinal)
                || !DateTimeOffset.TryParseExact(name["audit_events_p".Length..], "yyyyMM", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var month))
            {
                continue;
            }

            month = new DateTimeOffset(month.Year, month.Month, 1, 0, 0, 0, TimeSpan.Zero);
            var end = month.AddMonths(1);
            if (end > cutoff)
            {
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                $"ALTER TABLE audit_events DETACH PARTITION {name}; DROP TABLE {name}; DELETE FROM audit_rollups WHERE bucket >= @from AND bucket < @to;",
                new { from = AuditCursor.ToMicros(month), to = AuditCursor.ToMicros(end) }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _partitions.TryRemove(MonthOf(month), out _);
            dropped.Add(month);
        }

        return dropped;
    }
}
