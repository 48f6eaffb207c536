using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using AuditKit.Providers;

namespace AuditKit.Providers.Tests;

/// <summary>
/// The store of docs/providers.md's "Write a store" walkthrough: every event as one JSON line in a file, the whole
/// log in memory for queries. Written against AuditKit's public API only (this assembly gets no InternalsVisibleTo),
/// and run through the conformance suite. One process at a time; not for production volumes.
/// </summary>
public sealed class JsonLinesAuditStore(string path) : AuditStore
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<long, AuditEvent> _byKey = [];
    private readonly Dictionary<Guid, long> _keyById = [];
    private readonly Dictionary<long, string> _search = [];
    private readonly HashSet<int> _streams = [];
    private readonly HashSet<int> _held = [];

    /// <inheritdoc />
    public override string ProviderName => "jsonl";

    /// <inheritdoc />
    public override async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            await File.WriteAllBytesAsync(path, [], cancellationToken);
            return;
        }

        foreach (var line in await File.ReadAllLinesAsync(path, cancellationToken))
        {
            if (line.Length > 0)
            {
                using var json = JsonDocument.Parse(line);
                Add(AuditEventJson.Read(json.RootElement));
            }
        }
    }

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
            var last = _byKey.Keys.Where(k => AuditStreamKey.StreamOf(k) == streamId).DefaultIfEmpty(0).Max();
            var (sequence, hash) = last == 0 ? (0L, AuditStoredForm.GenesisHash) : (AuditStreamKey.SequenceOf(last), _byKey[last].Hash!);
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
    public override async Task AppendAsync(IReadOnlyList<AuditEvent> batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var buffer = new ArrayBufferWriter<byte>();
        var fresh = new List<AuditEvent>();
        lock (_lock)
        {
            foreach (var e in batch)
            {
                if (!_byKey.ContainsKey(AuditStreamKey.Pack(e.StreamId, e.Sequence)) && !fresh.Exists(f => f.StreamId == e.StreamId && f.Sequence == e.Sequence))
                {
                    AuditEventJson.Write(e, buffer);
                    buffer.Write("\n"u8);
                    fresh.Add(e);
                }
            }
        }

        // Durable first (one write, flushed to disk), then visible: all or nothing for the batch.
        await using (var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, FileOptions.Asynchronous))
        {
            await file.WriteAsync(buffer.WrittenMemory, cancellationToken);
            file.Flush(flushToDisk: true);
        }

        lock (_lock)
        {
            fresh.ForEach(Add);
        }
    }

    /// <inheritdoc />
    public override Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var cursor = query.Validate();
        var page = Match(query).Where(e => cursor is not { } c || c.Precedes(e))
            .OrderByDescending(e => AuditCursor.ToMicros(e.Timestamp))
            .ThenByDescending(e => AuditStreamKey.Pack(e.StreamId, e.Sequence))
            .Take(query.PageSize + 1).ToList();
        var next = page.Count > query.PageSize ? AuditCursor.After(page[query.PageSize - 1]).ToString() : null;
        return Task.FromResult(new AuditPage(page.Take(query.PageSize).ToList(), next));
    }

    /// <inheritdoc />
    public override Task<long> CountAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        (query with { Cursor = null }).Validate();
        return Task.FromResult((long)Match(query).Count);
    }

    /// <inheritdoc />
    public override Task<AuditEvent?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_keyById.TryGetValue(id, out var key) ? _byKey[key] : null);
        }
    }

    /// <inheritdoc />
    public override Task<AuditEvent?> GetAsync(int streamId, long sequence, CancellationToken cancellationToken = default)
    {
        if (streamId is < 1 or > AuditStreamKey.MaxStreamId || sequence is < 1 or > AuditStreamKey.MaxSequence)
        {
            return Task.FromResult<AuditEvent?>(null);
        }

        lock (_lock)
        {
            return Task.FromResult(_byKey.GetValueOrDefault(AuditStreamKey.Pack(streamId, sequence)));
        }
    }

    /// <inheritdoc />
    public override Task<IReadOnlyList<AggregateCount>> AggregateAsync(AggregateQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var e in Match(query.AsFilter()))
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
        List<AuditEvent> events;
        lock (_lock)
        {
            var from = AuditStreamKey.Pack(streamId, Math.Max(1, fromSequence));
            var last = AuditStreamKey.Last(streamId);
            events = _byKey.Where(p => p.Key >= from && p.Key <= last).Select(p => p.Value).ToList();
        }

        foreach (var e in events)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return e;
        }

        await Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task<AuditStorageInfo> GetStorageInfoAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var streams = _streams.Order().Select(id =>
            {
                var keys = _byKey.Keys.Where(k => AuditStreamKey.StreamOf(k) == id).ToList();
                return keys.Count == 0
                    ? new AuditStreamInfo(id, 0, AuditStoredForm.GenesisHash, 0)
                    : new AuditStreamInfo(id, AuditStreamKey.SequenceOf(keys[^1]), _byKey[keys[^1]].Hash!, keys.Count);
            }).ToList();
            var times = _byKey.Values.Select(e => e.Timestamp).ToList();
            return Task.FromResult(new AuditStorageInfo(
                _byKey.Count,
                File.Exists(path) ? new FileInfo(path).Length : 0,
                streams,
                times.Count == 0 ? null : times.Min(),
                times.Count == 0 ? null : times.Max()));
        }
    }

    private void Add(AuditEvent e)
    {
        var key = AuditStreamKey.Pack(e.StreamId, e.Sequence);
        if (_byKey.TryAdd(key, e))
        {
            _keyById[e.Id] = key;
            _search[key] = SearchDocument.Build(e);
            _streams.Add(e.StreamId);
        }
    }

    private List<AuditEvent> Match(AuditQuery query)
    {
        var filter = AuditEventFilter.Create(query);
        lock (_lock)
        {
            return _byKey.Where(p => filter.Matches(p.Value, _search[p.Key])).Select(p => p.Value).ToList();
        }
    }
}
