using System.Runtime.CompilerServices;

namespace AuditKit.Testing;

public sealed partial class InMemoryAuditStore
{
    private readonly SortedDictionary<long, AuditTombstone> _tombstones = [];

    /// <inheritdoc />
    public override Task<AuditDeletionResult> DeleteEventsAsync(AuditDeletionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var newest = _byKey.Keys.GroupBy(AuditStreamKey.StreamOf).Select(g => g.Max()).ToHashSet();
            var batch = _byKey.Where(p => request.Selects(p.Value) && !newest.Contains(p.Key))
                .OrderBy(p => AuditCursor.ToMicros(p.Value.Timestamp)).ThenBy(p => p.Key).Take(request.BatchSize).ToList();
            foreach (var (key, e) in batch)
            {
                _tombstones[key] = new AuditTombstone(e.StreamId, e.Sequence, e.Timestamp, e.Category, e.PreviousHash!, e.Hash!, TimeProvider.System.GetUtcNow());
                _byKey.Remove(key);
                _byId.Remove(e.Id);
                _search.Remove(key);
            }

            var held = _byKey.Values.LongCount(e => request.IsHeld(e) && e.Category == request.Category && request.InStreamBound(e)
                && AuditCursor.ToMicros(e.Timestamp) >= AuditCursor.ToMicros(request.From) && AuditCursor.ToMicros(e.Timestamp) < AuditCursor.ToMicros(request.To));
            return Task.FromResult(new AuditDeletionResult(batch.Count, held, batch.Count < request.BatchSize));
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<AuditTombstone> ReadTombstonesAsync(int streamId, long fromSequence = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(streamId, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(fromSequence, 1);
        List<AuditTombstone> tombstones;
        lock (_lock)
        {
            var from = AuditStreamKey.Pack(streamId, fromSequence);
            var last = AuditStreamKey.Last(streamId);
            tombstones = [.. _tombstones.Where(p => p.Key >= from && p.Key <= last).Select(p => p.Value)];
        }

        foreach (var t in tombstones)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return t;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override Task<IReadOnlyList<int>> GetStreamIdsAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<int>>([.. _streams.Order()]);
        }
    }
}
