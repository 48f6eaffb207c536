using System.Runtime.CompilerServices;

namespace AuditKit;

/// <summary>
/// Puts a stream's tombstones (<see cref="AuditStore.ReadTombstonesAsync"/>) back into its chain, in sequence order:
/// for the verifier's digests, and as (sequence, time, hash) for the checkpointer and inclusion proofs, whose Merkle
/// leaves are the hashes a tombstone keeps. A stream without tombstones costs one empty read.
/// </summary>
internal static class TombstoneMerge
{
    public static async IAsyncEnumerable<DigestChunk> DigestsAsync(AuditStore store, int streamId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var tombstones = store.ReadTombstonesAsync(streamId, 1, cancellationToken).GetAsyncEnumerator(cancellationToken);
        var more = await tombstones.MoveNextAsync().ConfigureAwait(false);
        if (!more)
        {
            await foreach (var chunk in store.ReadDigestsAsync(streamId, cancellationToken).ConfigureAwait(false))
            {
                yield return chunk;
            }

            yield break;
        }

        var merged = new DigestChunk(DigestChunk.DefaultCapacity);
        await foreach (var chunk in store.ReadDigestsAsync(streamId, cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < chunk.Count; i++)
            {
                var sequence = chunk.Sequence(i);
                while (more && tombstones.Current.Sequence <= sequence)
                {
                    // A tombstone at a sequence an event holds again is ignored: the event is verified as it is.
                    if (tombstones.Current.Sequence < sequence)
                    {
                        AddDeleted(merged, tombstones.Current);
                        if (merged.IsFull)
                        {
                            yield return merged;
                            merged.Clear();
                        }
                    }

                    more = await tombstones.MoveNextAsync().ConfigureAwait(false);
                }

                merged.CopyFrom(chunk, i);
                if (merged.IsFull)
                {
                    yield return merged;
                    merged.Clear();
                }
            }
        }

        for (; more; more = await tombstones.MoveNextAsync().ConfigureAwait(false))
        {
            AddDeleted(merged, tombstones.Current);
            if (merged.IsFull)
            {
                yield return merged;
                merged.Clear();
            }
        }

        if (merged.Count > 0)
        {
            yield return merged;
        }
    }

    /// <summary>The chain's entries from <paramref name="fromSequence"/>: stored events and tombstones, by sequence.</summary>
    public static async IAsyncEnumerable<(long Sequence, DateTimeOffset Timestamp, byte[] Hash)> HashesAsync(AuditStore store, int streamId, long fromSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var tombstones = store.ReadTombstonesAsync(streamId, fromSequence, cancellationToken).GetAsyncEnumerator(cancellationToken);
        var more = await tombstones.MoveNextAsync().ConfigureAwait(false);
        await foreach (var e in store.ReadStreamAsync(streamId, fromSequence, cancellationToken).ConfigureAwait(false))
        {
            for (; more && tombstones.Current.Sequence <= e.Sequence; more = await tombstones.MoveNextAsync().ConfigureAwait(false))
            {
                if (tombstones.Current.Sequence < e.Sequence)
                {
                    yield return Entry(tombstones.Current);
                }
            }

            yield return (e.Sequence, e.Timestamp, e.HashBytes!);
        }

        for (; more; more = await tombstones.MoveNextAsync().ConfigureAwait(false))
        {
            yield return Entry(tombstones.Current);
        }
    }

    private static (long, DateTimeOffset, byte[]) Entry(AuditTombstone t) => (t.Sequence, t.Timestamp, Convert.FromHexString(t.Hash));

    private static void AddDeleted(DigestChunk chunk, AuditTombstone t) =>
        chunk.AddDeleted(t.Sequence, t.Timestamp.Year, Convert.FromHexString(t.PreviousHash), Convert.FromHexString(t.Hash));
}
