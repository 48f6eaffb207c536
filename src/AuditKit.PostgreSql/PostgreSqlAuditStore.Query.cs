using System.Runtime.CompilerServices;
using Dapper;
using Npgsql;

namespace AuditKit.PostgreSql;

public sealed partial class PostgreSqlAuditStore
{
    private const int StreamChunk = 5_000;

    /// <inheritdoc />
    public override async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var cursor = query.Validate();
        await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        var (where, parameters) = PostgreSqlFilter.Build(query, cursor);
        parameters.Add("limit", query.PageSize + 1);
        var rows = (await connection.QueryAsync<StoredEventRow>(new CommandDefinition(
            PostgreSqlEventRow.Select + where + " ORDER BY e.ts DESC, e.key DESC LIMIT @limit;", parameters, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
        var events = new List<AuditEvent>(Math.Min(rows.Count, query.PageSize));
        for (var i = 0; i < rows.Count && i < query.PageSize; i++)
        {
            events.Add(rows[i].ToEvent(changesAreCanonical: false));
        }

        return new AuditPage(events, rows.Count > query.PageSize ? AuditCursor.After(events[^1]).ToString() : null);
    }

    /// <inheritdoc />
    public override async Task<long> CountAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query = query with { Cursor = null };
        query.Validate();
        await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        if (RollupPlan.TryCreate(query, null, out var plan))
        {
            var counts = await RollupAggregateAsync(connection, query, plan, null, TimeZoneInfo.Utc, cancellationToken).ConfigureAwait(false);
            return counts.Values.Sum();
        }

        var (where, parameters) = PostgreSqlFilter.Build(query, null);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM audit_events e" + where + ";", parameters, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task<AuditEvent?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        if (!EventIdTime.TryGetRange(id, out var lo, out var hi))
        {
            return null; // not an AuditKit id (UUID v7)
        }

        await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QueryFirstOrDefaultAsync<StoredEventRow>(new CommandDefinition(
            PostgreSqlEventRow.Select + " WHERE e.ts >= @lo AND e.ts < @hi AND e.id = @id;",
            new { lo, hi, id },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToEvent(changesAreCanonical: false);
    }

    /// <inheritdoc />
    public override async Task<AuditEvent?> GetAsync(int streamId, long sequence, CancellationToken cancellationToken = default)
    {
        if (streamId < 1 || streamId > AuditStreamKey.MaxStreamId || sequence < 1 || sequence > AuditStreamKey.MaxSequence)
        {
            return null;
        }

        await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QueryFirstOrDefaultAsync<StoredEventRow>(new CommandDefinition(
            PostgreSqlEventRow.Select + " WHERE e.key = @key;", new { key = AuditStreamKey.Pack(streamId, sequence) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToEvent(changesAreCanonical: false);
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<AuditEvent> ReadStreamAsync(int streamId, long fromSequence = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(streamId, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(fromSequence, 1);
        var next = AuditStreamKey.Pack(streamId, fromSequence);
        var last = AuditStreamKey.Last(streamId);
        while (true)
        {
            List<StoredEventRow> rows;
            await using (var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows = (await connection.QueryAsync<StoredEventRow>(new CommandDefinition(
                    PostgreSqlEventRow.Select + $" WHERE e.key >= @next AND e.key <= @last ORDER BY e.key LIMIT {StreamChunk};",
                    new { next, last }, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
            }

            foreach (var row in rows)
            {
                yield return row.ToEvent(changesAreCanonical: false);
            }

            if (rows.Count < StreamChunk)
            {
                yield break;
            }

            next = rows[^1].Key + 1;
        }
    }

    /// <inheritdoc />
    public override async Task<AuditStorageInfo> GetStorageInfoAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        var count = await CountAllAsync(connection, null, cancellationToken).ConfigureAwait(false);
        var size = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = @schema AND c.relkind IN ('r', 'p');",
            new { schema = _options.Schema }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var range = await connection.QueryFirstAsync<(long? Min, long? Max)>(new CommandDefinition(
            "SELECT min(ts), max(ts) FROM audit_events;", cancellationToken: cancellationToken)).ConfigureAwait(false);
        var streamIds = (await connection.QueryAsync<int>(new CommandDefinition("SELECT stream_id FROM audit_streams ORDER BY stream_id;", cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
        var streams = new List<AuditStreamInfo>(streamIds.Count);
        foreach (var streamId in streamIds)
        {
            var head = await ReadHeadAsync(connection, streamId, cancellationToken).ConfigureAwait(false);
            // Sequences are gap-free from the stream's first stored event (retention removes the oldest), so the
            // count is the span of its keys: two index probes per partition instead of counting every row (1.1 s
            // for a 10,000,000-event stream).
            var span = await connection.QueryFirstAsync<(long? First, long? Last)>(new CommandDefinition(
                "SELECT (SELECT min(key) FROM audit_events WHERE key BETWEEN @first AND @last), (SELECT max(key) FROM audit_events WHERE key BETWEEN @first AND @last);",
                new { first = AuditStreamKey.First(streamId), last = AuditStreamKey.Last(streamId) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            var events = 0L;
            if (span.First is { } low && span.Last is { } high)
            {
                // Less the positions a retention deletion emptied in between (their tombstones).
                var deleted = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    "SELECT count(*) FROM audit_tombstones WHERE key BETWEEN @low AND @high;", new { low, high }, cancellationToken: cancellationToken)).ConfigureAwait(false);
                events = high - low + 1 - deleted;
            }
            streams.Add(new AuditStreamInfo(streamId, head.Sequence, head.Hash, events));
        }

        return new AuditStorageInfo(
            count,
            size,
            streams,
            range.Min is { } min ? AuditCursor.FromMicros(min) : null,
            range.Max is { } max ? AuditCursor.FromMicros(max) : null);
    }

    /// <inheritdoc />
    public override async Task<AuditStorageInfo> GetStorageInfoAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        var count = await CountAllAsync(connection, tenantId, cancellationToken).ConfigureAwait(false);
        var range = await connection.QueryFirstAsync<(long? Min, long? Max)>(new CommandDefinition(
            "SELECT min(ts), max(ts) FROM audit_events WHERE tenant_id = @tenantId;", new { tenantId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return new AuditStorageInfo(
            count,
            0,
            [],
            range.Min is { } min ? AuditCursor.FromMicros(min) : null,
            range.Max is { } max ? AuditCursor.FromMicros(max) : null);
    }

    // Every event (of one tenant): the hourly totals of the roll-ups plus the events trailing past their marks, in one snapshot.
    private static async Task<long> CountAllAsync(NpgsqlConnection connection, string? tenantId, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        var count = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT sum(count)::bigint FROM audit_rollups WHERE dim = 0" + (tenantId is null ? ";" : " AND tenant = @tenantId;"), new { tenantId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false) ?? 0;
        var tail = await ReadRollupTailAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        count += tail.Rows.Where(r => r.Dim == (int)RollupDimension.Total && (tenantId is null || r.Tenant == tenantId)).Sum(r => r.Count);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return count;
    }

    private async Task<NpgsqlConnection> OpenReadAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }
}
