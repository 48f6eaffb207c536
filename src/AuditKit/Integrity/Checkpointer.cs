using Microsoft.Extensions.Logging;

namespace AuditKit;

/// <summary>
/// Cuts signed checkpoints for the writer's stream: keeps the leaf hashes of events written since the last
/// checkpoint and, every <see cref="CheckpointOptions.EveryEvents"/> events or <see cref="CheckpointOptions.Every"/>,
/// and at the last event of each UTC month (so dropping whole months leaves the rest anchored), signs their Merkle
/// root and the chain head, stores the checkpoint and publishes a copy. Independently of signing, publishes the
/// stream's head (<see cref="AuditHead"/>) into <see cref="CheckpointOptions.HeadDirectory"/> at most every
/// <see cref="CheckpointOptions.HeadEvery"/> and when the writer stops: per batch it only remembers the last event.
/// </summary>
internal sealed class Checkpointer(AuditStore store, CheckpointOptions options, TimeProvider time, ILogger logger)
{
    private readonly List<byte[]> _leaves = [];
    private readonly Queue<long> _monthEnds = new(); // last sequences of months among the leaves, oldest first
    private readonly string? _headDirectory = options.PublishHeads && options.HeadDirectory is { Length: > 0 } heads ? heads : null;
    private AuditEvent? _head;                       // the newest event handed over, whose head is published when due
    private long _publishedSequence;
    private DateTimeOffset _headAt = time.GetUtcNow();
    private int _lastMonth;
    private readonly ICheckpointPublisher? _publisher = options.Publisher ?? (options.PublishDirectory is { Length: > 0 } folder ? new FolderCheckpointPublisher(folder) : null);
    private long _from = 1;
    private DateTimeOffset _lastAt = time.GetUtcNow();
    private bool _stale = true;
    private int _streamId;

    public bool Enabled => options.Signer is not null;

    public void Start(int streamId)
    {
        _streamId = streamId;
        _stale = true;
    }

    public void Add(IReadOnlyList<AuditEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        _head = events[^1];
        if (_stale || !Enabled)
        {
            return;
        }

        if (events[0].Sequence != _from + _leaves.Count)
        {
            _stale = true; // not contiguous (a restart, a replay): rebuilt from the store when next due
            return;
        }

        foreach (var e in events)
        {
            AddLeaf(e.Sequence, e.Timestamp, e.HashBytes!);
        }
    }

    private void AddLeaf(long sequence, DateTimeOffset timestamp, byte[] hash)
    {
        var utc = timestamp.UtcDateTime;
        var month = (utc.Year * 12) + utc.Month;
        if (_leaves.Count > 0 && month != _lastMonth)
        {
            _monthEnds.Enqueue(sequence - 1);
        }

        _lastMonth = month;
        _leaves.Add(MerkleTree.LeafHash(hash));
    }

    /// <summary>Cuts a checkpoint when one is due, or, with <paramref name="final"/> (the writer stopping), for any events since the last.</summary>
    public async Task MaybeCheckpointAsync(long lastSequence, CancellationToken cancellationToken, bool final = false)
    {
        if (_headDirectory is not null)
        {
            await MaybePublishHeadAsync(final, cancellationToken).ConfigureAwait(false);
        }

        if (!Enabled)
        {
            return;
        }

        try
        {
            if (_stale)
            {
                await RebuildAsync(cancellationToken).ConfigureAwait(false);
            }

            if (_from + _leaves.Count - 1 != lastSequence)
            {
                return;
            }

            // A checkpoint at the end of every month the leaves cross: retention drops whole months.
            while (_monthEnds.TryPeek(out var monthEnd))
            {
                await CutAsync((int)(monthEnd - _from + 1), cancellationToken).ConfigureAwait(false);
            }

            var due = _leaves.Count >= options.EveryEvents || (_leaves.Count > 0 && (final || time.GetUtcNow() - _lastAt >= options.Every));
            if (!due || _from + _leaves.Count - 1 != lastSequence)
            {
                return;
            }

            await CutAsync(_leaves.Count, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _stale = true;
            logger.LogWarning(ex, "AuditKit could not make a checkpoint for stream {StreamId}; it is retried with the next batch.", _streamId);
        }
    }

    private async Task RebuildAsync(CancellationToken cancellationToken)
    {
        var checkpoints = await store.GetCheckpointsAsync(_streamId, cancellationToken).ConfigureAwait(false);
        _from = checkpoints.Count == 0 ? 1 : checkpoints[^1].ToSequence + 1;
        _leaves.Clear();
        _monthEnds.Clear();
        await foreach (var (sequence, timestamp, hash) in TombstoneMerge.HashesAsync(store, _streamId, _from, cancellationToken).ConfigureAwait(false))
        {
            if (sequence != _from + _leaves.Count)
            {
                break; // a gap the verifier will report; checkpoints cover only what is contiguous
            }

            AddLeaf(sequence, timestamp, hash); // a deleted event's tombstone keeps its hash, so its leaf
        }

        _stale = false;
    }

    // Cuts a checkpoint over the first `count` leaves.
    private async Task CutAsync(int count, CancellationToken cancellationToken)
    {
        var to = _from + count - 1;
        var headHash = (await store.GetAsync(_streamId, to, cancellationToken).ConfigureAwait(false))?.Hash
            ?? await DeletedHashAsync(to, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Event {to} of stream {_streamId} is not in the store yet.");
        var now = time.GetUtcNow();
        var unsigned = new AuditCheckpoint(
            _streamId, _from, to, headHash, Convert.ToHexStringLower(MerkleTree.Root(count == _leaves.Count ? _leaves : _leaves.GetRange(0, count))),
            new DateTimeOffset(now.UtcTicks - (now.UtcTicks % 10), TimeSpan.Zero), options.Signer!.KeyId, options.Signer.Algorithm, string.Empty);
        var checkpoint = unsigned with { Signature = Convert.ToBase64String(options.Signer.Sign(unsigned.SignedBytes())) };
        await store.AppendCheckpointAsync(checkpoint, cancellationToken).ConfigureAwait(false);
        if (_publisher is not null)
        {
            try
            {
                await _publisher.PublishAsync(checkpoint, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "AuditKit could not publish checkpoint {From}-{To} of stream {StreamId}; it is kept in the store.", checkpoint.FromSequence, checkpoint.ToSequence, _streamId);
            }
        }

        _from = to + 1;
        _leaves.RemoveRange(0, count);
        while (_monthEnds.TryPeek(out var monthEnd) && monthEnd <= to)
        {
            _monthEnds.Dequeue();
        }

        _lastAt = now;
    }

    // A checkpoint may end at an event retention deleted: its tombstone keeps the hash.
    private async Task<string?> DeletedHashAsync(long sequence, CancellationToken cancellationToken)
    {
        await foreach (var t in store.ReadTombstonesAsync(_streamId, sequence, cancellationToken).ConfigureAwait(false))
        {
            return t.Sequence == sequence ? t.Hash : null;
        }

        return null;
    }

    // The head is written only for events already in the store (the writer calls this after an append, or when
    // stopping with nothing left in its journal), at most every HeadEvery, and at stop.
    private async Task MaybePublishHeadAsync(bool final, CancellationToken cancellationToken)
    {
        var head = _head;
        var now = time.GetUtcNow();
        if (head is null || head.Sequence <= _publishedSequence || (!final && now - _headAt < options.HeadEvery))
        {
            return;
        }

        try
        {
            await HeadFiles.WriteAsync(_headDirectory!, new AuditHead(head.StreamId, head.Sequence, head.Hash!, new DateTimeOffset(now.UtcTicks - (now.UtcTicks % 10), TimeSpan.Zero)), cancellationToken).ConfigureAwait(false);
            _publishedSequence = head.Sequence;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(ex, "AuditKit could not publish the head of stream {StreamId} into {Folder}; it is retried later.", head.StreamId, _headDirectory);
        }

        _headAt = now;
    }
}
