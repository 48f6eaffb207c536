using Microsoft.Extensions.Logging;

namespace AuditKit;

/// <summary>
/// Cuts signed checkpoints for the writer's stream: keeps the leaf hashes of events written since the last
/// checkpoint and, every <see cref="CheckpointOptions.EveryEvents"/> events or <see cref="CheckpointOptions.Every"/>,
/// signs their Merkle root and the chain head, stores the checkpoint and publishes a copy.
/// </summary>
internal sealed class Checkpointer(AuditStore store, CheckpointOptions options, TimeProvider time, ILogger logger)
{
    private readonly List<byte[]> _leaves = [];
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
        if (_stale || events.Count == 0)
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
            _leaves.Add(MerkleTree.LeafHash(e.HashBytes!));
        }
    }

    /// <summary>Cuts a checkpoint when one is due, or, with <paramref name="final"/> (the writer stopping), for any events since the last.</summary>
    public async Task MaybeCheckpointAsync(long lastSequence, CancellationToken cancellationToken, bool final = false)
    {
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

            var due = _leaves.Count >= options.EveryEvents || (_leaves.Count > 0 && (final || time.GetUtcNow() - _lastAt >= options.Every));
            if (!due || _from + _leaves.Count - 1 != lastSequence)
            {
                return;
            }

            await CutAsync(cancellationToken).ConfigureAwait(false);
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
        await foreach (var e in store.ReadStreamAsync(_streamId, _from, cancellationToken).ConfigureAwait(false))
        {
            if (e.Sequence != _from + _leaves.Count)
            {
                break; // a gap the verifier will report; checkpoints cover only what is contiguous
            }

            _leaves.Add(MerkleTree.LeafHash(e.HashBytes!));
        }

        _stale = false;
    }

    private async Task CutAsync(CancellationToken cancellationToken)
    {
        var to = _from + _leaves.Count - 1;
        var head = await store.GetAsync(_streamId, to, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Event {to} of stream {_streamId} is not in the store yet.");
        var now = time.GetUtcNow();
        var unsigned = new AuditCheckpoint(
            _streamId, _from, to, head.Hash!, Convert.ToHexStringLower(MerkleTree.Root(_leaves)),
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
        _leaves.Clear();
        _lastAt = now;
    }
}
