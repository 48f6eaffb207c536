namespace AuditKit;

internal sealed class AuditVerifier(AuditStore store, TimeProvider? timeProvider = null) : IAuditVerifier
{
    public async Task<EvidencePack> CreateEvidencePackAsync(IEnumerable<Guid> eventIds, string description, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventIds);
        ArgumentNullException.ThrowIfNull(description);
        var proofs = new List<AuditProof>();
        foreach (var id in eventIds)
        {
            proofs.Add(await GetProofAsync(id, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Event {id} is unknown or not covered by a checkpoint yet; it cannot go into an evidence pack."));
        }

        return new EvidencePack(description, (timeProvider ?? TimeProvider.System).GetUtcNow(), proofs);
    }

    public async Task<VerificationReport> VerifyAsync(CheckpointVerifier? checkpointKey = null, int? streamId = null, CancellationToken cancellationToken = default)
    {
        var info = await store.GetStorageInfoAsync(cancellationToken).ConfigureAwait(false);
        var streams = streamId is { } only ? [only] : info.Streams.Select(s => s.StreamId).ToList();
        var issues = new List<VerificationIssue>();
        var edited = new List<int>();
        long events = 0;
        var checkpointsChecked = 0;
        foreach (var stream in streams)
        {
            var checkpoints = await store.GetCheckpointsAsync(stream, cancellationToken).ConfigureAwait(false);
            var next = 0;                                 // the checkpoint whose range is being read
            var leaves = new List<byte[]>();
            var previous = new byte[32];
            long expected = 1;
            await foreach (var chunk in store.ReadDigestsAsync(stream, cancellationToken).ConfigureAwait(false))
            {
                for (var i = 0; i < chunk.Count; i++)
                {
                    var sequence = chunk.Sequence(i);
                    events++;
                    if (sequence > expected)
                    {
                        issues.Add(new(VerificationIssueKind.MissingEvents, stream, expected, sequence - 1,
                            $"Sequences {expected}–{sequence - 1} are missing: {sequence - expected} event(s) deleted."));
                    }

                    var storedPrevious = chunk.Previous(i);
                    var storedHash = chunk.Stored(i);
                    if (!storedPrevious.SequenceEqual(previous))
                    {
                        issues.Add(new(VerificationIssueKind.BrokenLink, stream, sequence, sequence,
                            $"Event {sequence}'s previous hash {Convert.ToHexStringLower(storedPrevious)} is not the hash of the event before it ({Convert.ToHexStringLower(previous)})."));
                    }

                    if (!chunk.Computed(i).SequenceEqual(storedHash))
                    {
                        edited.Add(issues.Count);
                        issues.Add(new(VerificationIssueKind.EditedEvent, stream, sequence, sequence,
                            $"Event {sequence} ({AuditEventDisplayId.Format(chunk.Year(i), stream, sequence)}): its content no longer matches its hash (stored {Convert.ToHexStringLower(storedHash)}, content gives {Convert.ToHexStringLower(chunk.Computed(i))})."));
                    }

                    // Checkpoints are checked as their ranges are read: only one range's leaves are held at a time.
                    while (next < checkpoints.Count && checkpoints[next].ToSequence < sequence)
                    {
                        checkpointsChecked++;
                        CheckCheckpoint(checkpoints[next++], leaves, sequence - 1, complete: false, checkpointKey, issues);
                    }

                    if (next < checkpoints.Count && sequence >= checkpoints[next].FromSequence)
                    {
                        leaves.Add(MerkleTree.LeafHash(storedHash));
                        if (sequence == checkpoints[next].ToSequence)
                        {
                            checkpointsChecked++;
                            CheckCheckpoint(checkpoints[next++], leaves, sequence, complete: true, checkpointKey, issues);
                        }
                    }

                    storedHash.CopyTo(previous);
                    expected = sequence + 1;
                }
            }

            for (; next < checkpoints.Count; next++)
            {
                checkpointsChecked++;
                CheckCheckpoint(checkpoints[next], leaves, expected - 1, complete: false, checkpointKey, issues);
            }
        }

        // Name the fields of each edited event (a look-up per edited event, after the streaming read).
        foreach (var index in edited)
        {
            var issue = issues[index];
            var fields = await EditedFieldsAsync(issue.StreamId, issue.Sequence, cancellationToken).ConfigureAwait(false);
            if (fields.Count > 0)
            {
                issues[index] = issue with { Detail = issue.Detail + $" Changed since it was written: {string.Join(", ", fields)}.", Fields = fields };
            }
        }

        return new VerificationReport(events, checkpointsChecked, issues.OrderBy(i => i.StreamId).ThenBy(i => i.Sequence).ToList());
    }

    // Which top-level fields differ from the digests stored when the event was written (empty when unknown).
    private async Task<IReadOnlyList<string>> EditedFieldsAsync(int stream, long sequence, CancellationToken cancellationToken)
    {
        var stored = await store.GetFieldDigestsAsync(stream, sequence, cancellationToken).ConfigureAwait(false);
        if (stored is null || await store.GetAsync(stream, sequence, cancellationToken).ConfigureAwait(false) is not { } current)
        {
            return [];
        }

        try
        {
            return FieldDigests.Differences(stored, FieldDigests.Of(current));
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException or InvalidOperationException or ArgumentException)
        {
            return []; // the row no longer even reads as an event
        }
    }

    private static bool HeadMatches(List<byte[]> leaves, AuditCheckpoint c) =>
        Convert.ToHexStringLower(MerkleTree.LeafHash(Convert.FromHexString(c.HeadHash))) == Convert.ToHexStringLower(leaves[^1]);

    public async Task<AuditProof?> GetProofAsync(Guid eventId, CancellationToken cancellationToken = default)
    {
        var e = await store.GetAsync(eventId, cancellationToken).ConfigureAwait(false);
        if (e is null)
        {
            return null;
        }

        var checkpoint = (await store.GetCheckpointsAsync(e.StreamId, cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(c => c.FromSequence <= e.Sequence && c.ToSequence >= e.Sequence);
        if (checkpoint is null)
        {
            return null;
        }

        var leaves = new List<byte[]>((int)(checkpoint.ToSequence - checkpoint.FromSequence + 1));
        await foreach (var covered in store.ReadStreamAsync(e.StreamId, checkpoint.FromSequence, cancellationToken).ConfigureAwait(false))
        {
            if (covered.Sequence > checkpoint.ToSequence)
            {
                break;
            }

            leaves.Add(MerkleTree.LeafHash(covered.HashBytes!));
        }

        var index = (int)(e.Sequence - checkpoint.FromSequence);
        if (leaves.Count != checkpoint.ToSequence - checkpoint.FromSequence + 1 || index >= leaves.Count)
        {
            throw new InvalidOperationException($"The events checkpoint {checkpoint.FromSequence}–{checkpoint.ToSequence} of stream {e.StreamId} covers are incomplete; run the verifier.");
        }

        return AuditProof.Create(e, index, leaves.Count, MerkleTree.AuditPath(leaves, index), checkpoint);
    }

    // leaves: the leaf hashes read for this checkpoint's range; complete when every sequence of the range was present.
    private static void CheckCheckpoint(AuditCheckpoint c, List<byte[]> leaves, long lastStored, bool complete, CheckpointVerifier? key, List<VerificationIssue> issues)
    {
        try
        {
            CheckCheckpointCore(c, leaves, lastStored, complete, key, issues);
        }
        finally
        {
            leaves.Clear();
        }
    }

    private static void CheckCheckpointCore(AuditCheckpoint c, List<byte[]> leaves, long lastStored, bool complete, CheckpointVerifier? key, List<VerificationIssue> issues)
    {
        if (key is not null && !key.Verify(c))
        {
            issues.Add(new(VerificationIssueKind.InvalidCheckpointSignature, c.StreamId, c.FromSequence, c.ToSequence,
                $"Checkpoint {c.FromSequence}–{c.ToSequence} (key {c.KeyId}) has a signature that is not valid for the verification key: forged or altered."));
            return;
        }

        if (c.ToSequence > lastStored)
        {
            issues.Add(new(VerificationIssueKind.TruncatedTail, c.StreamId, lastStored + 1, c.ToSequence,
                $"Checkpoint {c.FromSequence}–{c.ToSequence} is ahead of the data, which ends at {lastStored}: the tail was truncated."));
            return;
        }

        if (!complete || leaves.Count != c.ToSequence - c.FromSequence + 1)
        {
            return; // missing events are already reported; the root cannot be recomputed
        }

        var root = Convert.ToHexStringLower(MerkleTree.Root(leaves));
        if (root != c.MerkleRoot || !HeadMatches(leaves, c))
        {
            issues.Add(new(VerificationIssueKind.CheckpointMismatch, c.StreamId, c.FromSequence, c.ToSequence,
                $"The events {c.FromSequence}–{c.ToSequence} give Merkle root {root}, the signed checkpoint says {c.MerkleRoot}: events in this range were rewritten."));
        }
    }
}
