namespace AuditKit;

internal sealed class AuditVerifier(AuditStore store, TimeProvider? timeProvider = null, AuditVerifierOptions? options = null) : IAuditVerifier
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
        var anchors = AuditAnchors.Load(options);
        var info = await store.GetStorageInfoAsync(cancellationToken).ConfigureAwait(false);
        var streams = streamId is { } only ? [only] : info.Streams.Select(s => s.StreamId).Union(anchors.Streams).Order().ToList();
        var issues = new List<VerificationIssue>();
        var unanchored = new List<UnanchoredStart>();
        var edited = new List<int>();
        long events = 0;
        long deleted = 0;
        var checkpointsChecked = 0;
        var anchorsChecked = 0;
        foreach (var stream in streams)
        {
            var published = anchors.CheckpointsOf(stream);
            var heads = anchors.HeadsOf(stream);
            anchorsChecked += published.Count + heads.Count;
            var checkpoints = Merge(await store.GetCheckpointsAsync(stream, cancellationToken).ConfigureAwait(false), published, issues);
            var next = 0;                                 // the checkpoint whose range is being read
            var nextHead = 0;                             // the next head to compare
            var leaves = new List<byte[]>();
            var previous = new byte[32];
            long expected = 1;
            var empty = true;
            await foreach (var chunk in TombstoneMerge.DigestsAsync(store, stream, cancellationToken).ConfigureAwait(false))
            {
                for (var i = 0; i < chunk.Count; i++)
                {
                    var sequence = chunk.Sequence(i);
                    if (chunk.IsDeleted(i))
                    {
                        deleted++; // a tombstone: its links and checkpoint leaf are checked below, its content is gone
                    }
                    else
                    {
                        events++;
                    }

                    if (empty)
                    {
                        empty = false;
                        if (sequence > 1)
                        {
                            // The log starts later (retention, or deletion): continue from the checkpoint or head that
                            // ends right before it; checkpoints wholly before it can only have their signatures checked.
                            for (; next < checkpoints.Count && checkpoints[next].ToSequence < sequence; next++)
                            {
                                checkpointsChecked++;
                                CheckSignature(checkpoints[next], checkpointKey, issues);
                            }

                            while (nextHead < heads.Count && heads[nextHead].Sequence < sequence)
                            {
                                nextHead++;
                            }

                            StartAt(stream, sequence, chunk.Previous(i), checkpoints, heads, next, previous, unanchored);
                            expected = sequence;
                        }
                    }

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

                    // Heads published outside the store: the event at each head's sequence must have the head's hash.
                    for (; nextHead < heads.Count && heads[nextHead].Sequence <= sequence; nextHead++)
                    {
                        var head = heads[nextHead];
                        if (head.Sequence == sequence && !string.Equals(head.HeadHash, Convert.ToHexStringLower(storedHash), StringComparison.Ordinal))
                        {
                            issues.Add(new(VerificationIssueKind.AnchorMismatch, stream, sequence, sequence,
                                $"Event {sequence} has hash {Convert.ToHexStringLower(storedHash)}, the head published at {AuditCanonicalForm.FormatTimestamp(head.Timestamp)} says {head.HeadHash}: the log was rewritten up to this event."));
                        }
                    }

                    storedHash.CopyTo(previous);
                    expected = sequence + 1;
                }
            }

            if (empty && (published.Count > 0 || heads.Count > 0))
            {
                var reached = Math.Max(published.Count > 0 ? published[^1].ToSequence : 0, heads.Count > 0 ? heads[^1].Sequence : 0);
                issues.Add(new(VerificationIssueKind.MissingStream, stream, 1, reached,
                    $"Stream {stream} has no events in the store, but published anchors show it reached sequence {reached}: sequences 1–{reached} (the whole stream) were deleted."));
                continue;
            }

            for (; next < checkpoints.Count; next++)
            {
                checkpointsChecked++;
                CheckCheckpoint(checkpoints[next], leaves, expected - 1, complete: false, checkpointKey, issues);
            }

            for (; nextHead < heads.Count; nextHead++)
            {
                var head = heads[nextHead];
                issues.Add(new(VerificationIssueKind.TruncatedTail, stream, expected, head.Sequence,
                    $"The head published at {AuditCanonicalForm.FormatTimestamp(head.Timestamp)} says stream {stream} reached sequence {head.Sequence}, the data ends at {expected - 1}: sequences {expected}–{head.Sequence} were truncated."));
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

        return new VerificationReport(events, checkpointsChecked, issues.OrderBy(i => i.StreamId).ThenBy(i => i.Sequence).ToList())
        {
            UnanchoredStarts = unanchored,
            AnchorsChecked = anchorsChecked,
            EventsDeleted = deleted,
        };
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
        await foreach (var covered in TombstoneMerge.HashesAsync(store, e.StreamId, checkpoint.FromSequence, cancellationToken).ConfigureAwait(false))
        {
            if (covered.Sequence > checkpoint.ToSequence)
            {
                break;
            }

            leaves.Add(MerkleTree.LeafHash(covered.Hash)); // a deleted event's tombstone keeps its leaf
        }

        var index = (int)(e.Sequence - checkpoint.FromSequence);
        if (leaves.Count != checkpoint.ToSequence - checkpoint.FromSequence + 1 || index >= leaves.Count)
        {
            throw new InvalidOperationException($"The events checkpoint {checkpoint.FromSequence}–{checkpoint.ToSequence} of stream {e.StreamId} covers are incomplete; run the verifier.");
        }

        return AuditProof.Create(e, index, leaves.Count, MerkleTree.AuditPath(leaves, index), checkpoint);
    }

    // The store's checkpoints with the published copies: a published one the store lacks is added, one that differs
    // from the store's copy replaces it (and is reported): the published copy is the one kept out of reach.
    private static List<AuditCheckpoint> Merge(IReadOnlyList<AuditCheckpoint> stored, IReadOnlyList<AuditCheckpoint> published, List<VerificationIssue> issues)
    {
        if (published.Count == 0)
        {
            return [.. stored];
        }

        var byEnd = stored.ToDictionary(c => c.ToSequence);
        foreach (var c in published)
        {
            if (byEnd.TryGetValue(c.ToSequence, out var own) && own.ToJson() != c.ToJson())
            {
                issues.Add(new(VerificationIssueKind.AnchorMismatch, c.StreamId, c.FromSequence, c.ToSequence,
                    $"The store's checkpoint {own.FromSequence}–{own.ToSequence} differs from its published copy (root {own.MerkleRoot} vs {c.MerkleRoot}): the store's checkpoints were rewritten; the published copy is used."));
            }

            byEnd[c.ToSequence] = c;
        }

        return byEnd.Values.OrderBy(c => c.ToSequence).ToList();
    }

    // The first stored event is `first` (> 1): its previous hash is anchored by a checkpoint or head ending at first - 1,
    // or taken on trust and the stream reported as unanchored.
    private static void StartAt(int stream, long first, ReadOnlySpan<byte> storedPrevious, List<AuditCheckpoint> checkpoints, IReadOnlyList<AuditHead> heads, int next, byte[] previous, List<UnanchoredStart> unanchored)
    {
        var anchor = checkpoints.LastOrDefault(c => c.ToSequence == first - 1)?.HeadHash ?? heads.LastOrDefault(h => h.Sequence == first - 1)?.HeadHash;
        if (anchor is not null)
        {
            Convert.FromHexString(anchor).CopyTo(previous, 0);
            return;
        }

        storedPrevious.CopyTo(previous);
        var before = checkpoints.LastOrDefault(c => c.ToSequence < first);
        var straddling = next < checkpoints.Count && checkpoints[next].FromSequence < first ? checkpoints[next] : null;
        unanchored.Add(new(stream, first,
            $"Stream {stream}: the log starts at sequence {first} without an anchoring checkpoint (none ends at {first - 1}"
            + (before is null ? string.Empty : $"; the newest before the cut ends at {before.ToSequence}")
            + (straddling is null ? string.Empty : $"; checkpoint {straddling.FromSequence}–{straddling.ToSequence} also covers the removed {straddling.FromSequence}–{first - 1}, so only its head is checked")
            + $"). Events from {first} on were verified; that nothing before them was removed cannot be proven."));
    }

    private static void CheckSignature(AuditCheckpoint c, CheckpointVerifier? key, List<VerificationIssue> issues)
    {
        if (key is not null && !key.Verify(c))
        {
            issues.Add(new(VerificationIssueKind.InvalidCheckpointSignature, c.StreamId, c.FromSequence, c.ToSequence,
                $"Checkpoint {c.FromSequence}–{c.ToSequence} (key {c.KeyId}) has a signature that is not valid for the verification key: forged or altered."));
        }
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
            // Missing events are already reported (or, before an unanchored start, taken as removed); the root cannot
            // be recomputed, but the event at the checkpoint's end must still be its head.
            if (complete && leaves.Count > 0 && !HeadMatches(leaves, c))
            {
                issues.Add(new(VerificationIssueKind.CheckpointMismatch, c.StreamId, c.ToSequence, c.ToSequence,
                    $"Event {c.ToSequence}'s hash is not the head {c.HeadHash} of checkpoint {c.FromSequence}–{c.ToSequence}: events up to it were rewritten."));
            }

            return;
        }

        var root = Convert.ToHexStringLower(MerkleTree.Root(leaves));
        if (root != c.MerkleRoot || !HeadMatches(leaves, c))
        {
            issues.Add(new(VerificationIssueKind.CheckpointMismatch, c.StreamId, c.FromSequence, c.ToSequence,
                $"The events {c.FromSequence}–{c.ToSequence} give Merkle root {root}, the signed checkpoint says {c.MerkleRoot}: events in this range were rewritten."));
        }
    }
}
