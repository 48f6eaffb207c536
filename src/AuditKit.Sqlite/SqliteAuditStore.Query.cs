using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;
using System.Runtime.CompilerServices;
using Dapper;

namespace AuditKit.Sqlite;

public sealed partial class SqliteAuditStore
{
    private const int StreamChunk = 5_000;

    /// <inheritdoc />
    public override async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var cursor = query.Validate();
        var terms = SearchTerms.Parse(query.Text);
        if (terms.Count > 0)
        {
            await using var text = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
            return await QueryTextAsync(text, query, cursor, terms, cancellationToken).ConfigureAwait(false);
        }

        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var byTime = false;
        if (query.EntityTypes is { Count: > 0 })
        {
            byTime = await EntityTypesAreCommonCachedAsync(query, cancellationToken).ConfigureAwait(false);
        }

        var (where, parameters) = SqliteFilter.Build(query, cursor, entityTypesByTime: byTime);
        parameters.Add("limit", query.PageSize + 1);
        var sql = SqliteEventRow.Select + where + " ORDER BY e.ts DESC, e.key DESC LIMIT @limit;";
        if (_reads is { } reads)
        {
            // The log viewer's page: read-only pooled connections with prepared statements (SqliteReadPool).
            // The events are built from the rows only when asked for (SqliteRowPage): the audit API writes the rows.
            return SqliteRowPage.ToPage(reads.Query(sql, parameters, query.PageSize + 1, cancellationToken), query.PageSize);
        }

        await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);

        // Rows mapped by ordinal (SqliteEventReader), not by Dapper's per-column boxing: a report reads 1,000 pages.
        var rows = new List<StoredEventRow>(query.PageSize + 1);
        var reader = await connection.ExecuteReaderAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(SqliteEventReader.Read(reader));
            }
        }

        return SqliteRowPage.ToPage(rows, query.PageSize);
    }

    /// <summary>The share of the range's events at or above which a page filtered by entity type walks the time index.</summary>
    private const double CommonShare = 0.01;

    /// <summary>How long a page's plan decision (<see cref="EntityTypesAreCommonAsync"/>) is reused for the same filter.</summary>
    internal static readonly TimeSpan EntityPlanLifetime = TimeSpan.FromMinutes(1);

    private const int EntityPlanCacheSize = 256;

    private readonly ConcurrentDictionary<string, (bool ByTime, DateTimeOffset Until)> _entityPlans = new(StringComparer.Ordinal);

    private long _entityPlanProbes;

    /// <summary>How many times a page's plan decision asked the roll-ups (tests).</summary>
    internal long EntityPlanProbes => Interlocked.Read(ref _entityPlanProbes);

    // The decision only picks the index a page walks, never which events it returns, so one that is up to a minute old
    // is as right as a new one; asking the roll-ups (two aggregate queries) on every page was most of a Customer page's time.
    private async ValueTask<bool> EntityTypesAreCommonCachedAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        if (query.RecordId is not null || query.ActorIds is { Count: > 0 } || query.CorrelationId is not null)
        {
            return false; // answered without the roll-ups (EntityTypesAreCommonAsync)
        }

        var key = EntityPlanKey(query);
        var now = _timeProvider.GetUtcNow();
        if (_entityPlans.TryGetValue(key, out var known) && now < known.Until)
        {
            return known.ByTime;
        }

        Interlocked.Increment(ref _entityPlanProbes);
        await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        var byTime = await EntityTypesAreCommonAsync(connection, query, cancellationToken).ConfigureAwait(false);
        if (_entityPlans.Count >= EntityPlanCacheSize)
        {
            _entityPlans.Clear();
        }

        _entityPlans[key] = (byTime, now + EntityPlanLifetime);
        return byTime;
    }

    // Everything the decision reads: the tenant, the range and the types (the other filters only decide whether it is asked).
    private static string EntityPlanKey(AuditQuery query) => string.Join(
        '\u001f',
        [query.TenantId is { } tenant ? "t" + tenant : "-", query.From?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? "", query.To?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? "",
            .. query.EntityTypes ?? []]);

    // A page filtered by entity type (and no record, actor or correlation, whose indexes keep time order) reads the
    // entity index and sorts every match when the type is common (a Customer page of 1,000,000 events: 19 ms), or walks
    // the time index newest first, which is quick for a common type and slow for a rare one. The roll-ups tell which.
    private static async Task<bool> EntityTypesAreCommonAsync(SqliteConnection connection, AuditQuery query, CancellationToken cancellationToken)
    {
        if (query.EntityTypes is not { Count: > 0 } || query.RecordId is not null || query.ActorIds is { Count: > 0 } || query.CorrelationId is not null)
        {
            return false;
        }

        var range = new AuditQuery { From = query.From, To = query.To, TenantId = query.TenantId };
        var typed = range with { EntityTypes = query.EntityTypes };
        if (!RollupPlan.TryCreate(range, null, out var all) || !RollupPlan.TryCreate(typed, null, out var some))
        {
            return false;
        }

        var total = (await RollupAggregateAsync(connection, range, all, null, TimeZoneInfo.Utc, cancellationToken).ConfigureAwait(false)).Values.Sum();
        var matching = (await RollupAggregateAsync(connection, typed, some, null, TimeZoneInfo.Utc, cancellationToken).ConfigureAwait(false)).Values.Sum();
        return total > 0 && matching >= total * CommonShare;
    }

    /// <inheritdoc />
    public override async Task<long> CountAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query = query with { Cursor = null };
        query.Validate();
        await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        using var snapshot = SqliteReadSnapshot.Begin(connection);
        if (RollupPlan.TryCreate(query, null, out var plan))
        {
            var counts = await RollupAggregateAsync(connection, query, plan, null, TimeZoneInfo.Utc, cancellationToken).ConfigureAwait(false);
            return counts.Values.Sum();
        }

        var terms = SearchTerms.Parse(query.Text);
        var textTail = await TextTailAsync(connection, query, cancellationToken).ConfigureAwait(false);
        if (terms.Count > 0 && query with { Text = null } == new AuditQuery { PageSize = query.PageSize })
        {
            // The index holds no trailing event (SqliteTrailingIndex): the two counts are apart.
            return textTail!.Count + await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT count(*) FROM audit_events_fts WHERE audit_events_fts MATCH @match;",
                new { match = SqliteFilter.MatchExpression(terms) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        var (where, parameters) = SqliteFilter.Build(query, null, textTail: textTail);
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
            SqliteEventRow.Select + " WHERE e.ts >= @lo AND e.ts < @hi AND e.id = @id;",
            new { lo, hi, id = id.ToByteArray(bigEndian: true) },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToEvent();
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
            SqliteEventRow.Select + " WHERE e.key = @key;", new { key = AuditStreamKey.Pack(streamId, sequence) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToEvent();
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<AuditEvent> ReadStreamAsync(int streamId, long fromSequence = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(streamId, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(fromSequence, 1);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var last = AuditStreamKey.Last(streamId);

        // Chunks by key, each its own short read (a long verification never pins the WAL), and the next
        // chunk is read on another thread while the caller works through this one.
        var pending = Task.Run(() => ReadChunk(AuditStreamKey.Pack(streamId, fromSequence), last), cancellationToken);
        while (true)
        {
            var events = await pending.ConfigureAwait(false);
            var full = events.Count == StreamChunk;
            if (full)
            {
                var next = AuditStreamKey.Pack(streamId, events[^1].Sequence) + 1;
                pending = Task.Run(() => ReadChunk(next, last), cancellationToken);
            }

            foreach (var e in events)
            {
                yield return e;
            }

            if (!full)
            {
                yield break;
            }
        }
    }

    private List<AuditEvent> ReadChunk(long next, long last)
    {
        var events = new List<AuditEvent>(StreamChunk);
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SqliteSchema.ReadColumns} FROM audit_events WHERE key >= $next AND key <= $last ORDER BY key LIMIT {StreamChunk};";
        command.Parameters.AddWithValue("$next", next);
        command.Parameters.AddWithValue("$last", last);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            events.Add(SqliteEventReader.Read(reader).ToEvent());
        }

        return events;
    }

    /// <inheritdoc />
    public override async Task<AuditStorageInfo> GetStorageInfoAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        using var snapshot = SqliteReadSnapshot.Begin(connection);
        var count = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT sum(count) FROM audit_rollups WHERE dim = 0;", cancellationToken: cancellationToken)).ConfigureAwait(false) ?? 0;
        count += TrailingTotals(await SqliteTrailingIndex.ReadRollupTailAsync(connection, cancellationToken).ConfigureAwait(false), null).Count;
        var pages = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size();", cancellationToken: cancellationToken)).ConfigureAwait(false);
        var wal = _databasePath is not null && File.Exists(_databasePath + "-wal") ? new FileInfo(_databasePath + "-wal").Length : 0;
        // Two sub-selects: SQLite answers a lone min() or max() from the index, but scans the table for both at once.
        var range = await connection.QueryFirstAsync<(long? Min, long? Max)>(new CommandDefinition(
            "SELECT (SELECT min(ts) FROM audit_events), (SELECT max(ts) FROM audit_events);", cancellationToken: cancellationToken)).ConfigureAwait(false);
        var streamIds = (await connection.QueryAsync<long>(new CommandDefinition("SELECT stream_id FROM audit_streams ORDER BY stream_id;", cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
        var streams = new List<AuditStreamInfo>(streamIds.Count);
        foreach (var id in streamIds)
        {
            var streamId = (int)id;
            var head = await ReadHeadAsync(connection, streamId, cancellationToken).ConfigureAwait(false);
            // Sequences are gap-free from the stream's first stored event (retention removes the oldest), so the
            // count is the span of its keys: two index probes instead of a walk over every row.
            // A row removed from the middle without a tombstone is the verifier's to find, not this figure's.
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
            pages + wal,
            streams,
            range.Min is { } min ? AuditCursor.FromMicros(min) : null,
            range.Max is { } max ? AuditCursor.FromMicros(max) : null);
    }

    /// <inheritdoc />
    public override async Task<AuditStorageInfo> GetStorageInfoAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        using var snapshot = SqliteReadSnapshot.Begin(connection);

        // The roll-ups (and the events trailing behind them) count the tenant's events and name the hours of its first
        // and last; the time index finds the exact times within those hours (an hour either side covers any bucket rounding).
        var (count, first, last) = await connection.QueryFirstAsync<(long? Count, long? First, long? Last)>(new CommandDefinition(
            "SELECT sum(count), min(bucket), max(bucket) FROM audit_rollups WHERE dim = 0 AND tenant = @tenantId;",
            new { tenantId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var trailing = TrailingTotals(await SqliteTrailingIndex.ReadRollupTailAsync(connection, cancellationToken).ConfigureAwait(false), tenantId);
        if (trailing.Count > 0)
        {
            count = (count ?? 0) + trailing.Count;
            first = first is { } f ? Math.Min(f, trailing.First) : trailing.First;
            last = last is { } l ? Math.Max(l, trailing.Last) : trailing.Last;
        }

        if (count is not > 0)
        {
            return new AuditStorageInfo(0, 0, [], null, null);
        }

        var oldest = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT min(ts) FROM audit_events WHERE ts >= @lo AND ts < @hi AND tenant_id = @tenantId;",
            new { tenantId, lo = first - AggregateKeys.MicrosPerHour, hi = first + (2 * AggregateKeys.MicrosPerHour) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var newest = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT max(ts) FROM audit_events WHERE ts >= @lo AND ts < @hi AND tenant_id = @tenantId;",
            new { tenantId, lo = last - AggregateKeys.MicrosPerHour, hi = last + (2 * AggregateKeys.MicrosPerHour) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return new AuditStorageInfo(
            count.Value,
            0,
            [],
            oldest is { } min ? AuditCursor.FromMicros(min) : null,
            newest is { } max ? AuditCursor.FromMicros(max) : null);
    }

    // The trailing events' hourly totals (of one tenant, or all): how many, and the first and last hour.
    private static (long Count, long First, long Last) TrailingTotals(RollupCounter tail, string? tenantId)
    {
        var (count, first, last) = (0L, long.MaxValue, long.MinValue);
        foreach (var row in tail.Rows)
        {
            if (row.Dim == (int)RollupDimension.Total && (tenantId is null || row.Tenant == tenantId))
            {
                (count, first, last) = (count + row.Count, Math.Min(first, row.Bucket), Math.Max(last, row.Bucket));
            }
        }

        return (count, first, last);
    }
}
