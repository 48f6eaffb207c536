using System.Runtime.CompilerServices;

namespace AuditKit.Testing;

/// <summary>
/// An audit store in memory, for host applications' unit tests: same filters, ordering, pagination, counts,
/// aggregates and free-text rules as the database stores (it passes the same conformance suite). Nothing
/// survives the process. Register it with <c>audit.UseInMemory()</c>.
/// </summary>
public sealed partial class InMemoryAuditStore : AuditStore
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<long, AuditEvent> _byKey = [];
    private readonly Dictionary<Guid, AuditEvent> _byId = [];
    private readonly Dictionary<long, string> _search = [];
    private readonly HashSet<int> _held = [];
    private readonly HashSet<int> _streams = [];

    /// <inheritdoc />
    public override string ProviderName => "memory";

    /// <summary>The journal folder <c>UseInMemory()</c> gives this store (a new folder under the temp path).</summary>
    public string JournalDirectory { get; } = Path.Combine(Path.GetTempPath(), "auditkit-memory-journal", Guid.NewGuid().ToString("N"));

    /// <summary>Every stored event in stream and sequence order (a snapshot).</summary>
    public IReadOnlyList<AuditEvent> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _byKey.Values];
            }
        }
    }

    private readonly List<AuditCheckpoint> _checkpoints = [];

    /// <inheritdoc />
    public override Task AppendCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        lock (_lock)
        {
            if (!_checkpoints.Exists(c => c.StreamId == checkpoint.StreamId && c.ToSequence == checkpoint.ToSequence))
            {
                _checkpoints.Add(checkpoint);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task<IReadOnlyList<AuditCheckpoint>> GetCheckpointsAsync(int streamId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<AuditCheckpoint>>(_checkpoints.Where(c => c.StreamId == streamId).OrderBy(c => c.ToSequence).ToList());
        }
    }

    /// <inheritdoc />
    public override Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public override Task<AuditStreamLease> OpenStreamAsync(int? preferredStreamId, string? application, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var streamId = preferredStreamId ?? Enumerable.Range(1, AuditStreamKey.MaxStreamId).First(id => !_held.Contains(id));
            if (!_held.Add(streamId))
            {
                throw new InvalidOperationException($"Audit stream {streamId} is held by another writer.");
            }

            _streams.Add(streamId);
            var (sequence, hash) = Head(streamId);
            return Task.FromResult(new AuditStreamLease(streamId, sequence, hash, () =>
            {
                lock (_lock)
                {
                    _held.Remove(streamId);
                }

                return ValueTask.CompletedTask;
            }));
        }
    }

    /// <inheritdoc />
    public override Task AppendAsync(IReadOnlyList<AuditEvent> batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            foreach (var e in batch)
            {
                var key = AuditStreamKey.Pack(e.StreamId, e.Sequence);
                e.GetFieldDigests();
                if (_byKey.TryAdd(key, e))
                {
                    _byId[e.Id] = e;
                    _search[key] = SearchDocument.Build(e);
                    _streams.Add(e.StreamId);
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task ApplyErasureAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            foreach (var e in events)
            {
                var key = AuditStreamKey.Pack(e.StreamId, e.Sequence);
                if (_byKey.ContainsKey(key))
                {
                    _byKey[key] = e;
                    _byId[e.Id] = e;
                    _search[key] = SearchDocument.Build(e);
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var cursor = query.Validate();
        var matches = Filter(query).Where(e => cursor is not { } c || c.Precedes(e)).OrderByDescending(e => e.Timestamp)
            .ThenByDescending(e => AuditStreamKey.Pack(e.StreamId, e.Sequence)).Take(query.PageSize + 1).ToList();
        var events = matches.Take(query.PageSize).ToList();
        var next = matches.Count > query.PageSize ? AuditCursor.After(events[^1]).ToString() : null;
        return Task.FromResult(new AuditPage(events, next));
    }

    /// <inheritdoc />
    public override Task<long> CountAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        (query with { Cursor = null }).Validate();
        return Task.FromResult((long)Filter(query).Count());
    }

    /// <inheritdoc />
    public override Task<AuditEvent?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_byId.GetValueOrDefault(id));
        }
    }

    /// <inheritdoc />
    public override Task<AuditEvent?> GetAsync(int streamId, long sequence, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(streamId is < 1 or > AuditStreamKey.MaxStreamId || sequence is < 1 or > AuditStreamKey.MaxSequence
                ? null
                : _byKey.GetValueOrDefault(AuditStreamKey.Pack(streamId, sequence)));
        }
    }

    /// <inheritdoc />
    public override Task<IReadOnlyList<AggregateCount>> AggregateAsync(AggregateQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var e in Filter(query.AsFilter()))
        {
            var key = AggregateKeys.IsTime(query.GroupBy)
                ? AggregateKeys.TimeKey(AuditCursor.ToMicros(e.Timestamp), query.GroupBy, query.TimeZone)
                : AggregateKeys.KeyOf(e, query.GroupBy);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return Task.FromResult(AggregateKeys.Finish(counts, query.GroupBy));
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<AuditEvent> ReadStreamAsync(int streamId, long fromSequence = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(streamId, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(fromSequence, 1);
        List<AuditEvent> events;
        lock (_lock)
        {
            var from = AuditStreamKey.Pack(streamId, fromSequence);
            var last = AuditStreamKey.Last(streamId);
            events = [.. _byKey.Where(p => p.Key >= from && p.Key <= last).Select(p => p.Value)];
        }

        foreach (var e in events)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return e;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override Task<AuditStorageInfo> GetStorageInfoAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var streams = _streams.Order().Select(id =>
            {
                var (sequence, hash) = Head(id);
                var count = _byKey.Keys.Count(k => AuditStreamKey.StreamOf(k) == id);
                return new AuditStreamInfo(id, sequence, hash, count);
            }).ToList();
            var size = _search.Values.Sum(s => (long)s.Length * 2);
            return Task.FromResult(new AuditStorageInfo(
                _byKey.Count,
                size,
                streams,
                _byKey.Count == 0 ? null : _byKey.Values.Min(e => e.Timestamp),
                _byKey.Count == 0 ? null : _byKey.Values.Max(e => e.Timestamp)));
        }
    }

    /// <inheritdoc />
    public override Task<AuditStorageInfo> GetStorageInfoAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        lock (_lock)
        {
            var events = _byKey.Values.Where(e => e.TenantId == tenantId).ToList();
            return Task.FromResult(new AuditStorageInfo(
                events.Count,
                0,
                [],
                events.Count == 0 ? null : events.Min(e => e.Timestamp),
                events.Count == 0 ? null : events.Max(e => e.Timestamp)));
        }
    }

    private (long Sequence, string Hash) Head(int streamId)
    {
        var last = _byKey.Keys.Where(k => AuditStreamKey.StreamOf(k) == streamId).DefaultIfEmpty(0).Max();
        return last == 0 ? (0, AuditStoredForm.GenesisHash) : (AuditStreamKey.SequenceOf(last), _byKey[last].Hash!);
    }

    private List<AuditEvent> Filter(AuditQuery q)
    {
        var filter = AuditEventFilter.Create(q);
        lock (_lock)
        {
            return _byKey.Where(p => filter.Matches(p.Value, _search[p.Key])).Select(p => p.Value).ToList();
        }
    }
}
