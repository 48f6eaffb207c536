namespace AuditKit;

/// <summary>What kind of damage the verifier found.</summary>
public enum VerificationIssueKind
{
    /// <summary>An event's content no longer matches its stored hash: a field was edited.</summary>
    EditedEvent = 0,

    /// <summary>An event's previous hash is not the stored hash of the event before it: an event was replaced, moved or inserted, or a hash recomputed.</summary>
    BrokenLink = 1,

    /// <summary>Sequences are missing: events were deleted.</summary>
    MissingEvents = 2,

    /// <summary>A checkpoint covers events that are not in the store: the tail was truncated.</summary>
    TruncatedTail = 3,

    /// <summary>The events a checkpoint covers do not give its Merkle root or head hash.</summary>
    CheckpointMismatch = 4,

    /// <summary>A checkpoint's signature is not valid for the verification key: it was forged or altered.</summary>
    InvalidCheckpointSignature = 5,

    /// <summary>Anchors kept outside the store (published checkpoints or heads) name a stream the store holds no events of: the stream was deleted.</summary>
    MissingStream = 6,

    /// <summary>
    /// An event's hash is not the one a published head or expected head records for its sequence, or the store's copy
    /// of a checkpoint differs from its published copy: the log was rewritten up to there.
    /// </summary>
    AnchorMismatch = 7,
}

/// <summary>One finding, with the sequences involved.</summary>
/// <param name="Kind">What was found.</param>
/// <param name="StreamId">The stream.</param>
/// <param name="Sequence">The first sequence involved.</param>
/// <param name="LastSequence">The last sequence involved (the same for a single event).</param>
/// <param name="Detail">What exactly does not match, for people.</param>
public sealed record VerificationIssue(VerificationIssueKind Kind, int StreamId, long Sequence, long LastSequence, string Detail)
{
    /// <summary>
    /// For an <see cref="VerificationIssueKind.EditedEvent"/>: the top-level fields of the canonical form that no longer match
    /// what was written (<c>message</c>, <c>actor</c>, <c>changes</c>…), from digests stored beside each event; empty when the
    /// store keeps none or they were rewritten too.
    /// </summary>
    public IReadOnlyList<string> Fields { get; init; } = [];
}

/// <summary>
/// A stream whose stored events begin after sequence 1 with no checkpoint or head ending right before them (for
/// example months dropped by retention without a checkpoint at the cut). Not tampering as such, but the verifier
/// cannot prove that nothing before <see cref="FirstSequence"/> was removed: the events from there on were checked,
/// taking the first one's previous hash on trust.
/// </summary>
/// <param name="StreamId">The stream.</param>
/// <param name="FirstSequence">The first stored sequence.</param>
/// <param name="Detail">What was found, for people.</param>
public sealed record UnanchoredStart(int StreamId, long FirstSequence, string Detail);

/// <summary>The result of <see cref="IAuditVerifier.VerifyAsync"/>.</summary>
/// <param name="EventsChecked">Events read and re-hashed.</param>
/// <param name="CheckpointsChecked">Checkpoints compared with the events (and their signatures, when a key was given).</param>
/// <param name="Issues">Every finding, in stream and sequence order.</param>
public sealed record VerificationReport(long EventsChecked, int CheckpointsChecked, IReadOnlyList<VerificationIssue> Issues)
{
    /// <summary>Whether nothing was found.</summary>
    public bool Intact => Issues.Count == 0;

    /// <summary>Streams that start after sequence 1 without an anchoring checkpoint or head (see <see cref="UnanchoredStart"/>); empty when every stream is anchored.</summary>
    public IReadOnlyList<UnanchoredStart> UnanchoredStarts { get; init; } = [];

    /// <summary>Published heads, expected heads and published checkpoints (<see cref="AuditVerifierOptions"/>) the store was held against.</summary>
    public int AnchorsChecked { get; init; }

    /// <summary>
    /// Positions whose events a retention deletion removed (<see cref="AuditStore.DeleteEventsAsync"/>): their tombstones'
    /// links and checkpoint leaves were checked like events, their content no longer can be. Not counted in <see cref="EventsChecked"/>.
    /// </summary>
    public long EventsDeleted { get; init; }
}

/// <summary>Checks the log's integrity and proves single events (see docs/integrity.md).</summary>
public interface IAuditVerifier
{
    /// <summary>
    /// Reads every stream (or one) in sequence order and reports edited events, deleted ranges, broken links,
    /// checkpoints the events no longer match, a truncated tail and, with <paramref name="checkpointKey"/>,
    /// forged checkpoints; with anchors (<see cref="AuditVerifierOptions"/>) also deleted streams and tails the
    /// store's own checkpoints no longer show. A stream that begins after sequence 1 is checked from the checkpoint
    /// or head ending right before its first event, or reported in <see cref="VerificationReport.UnanchoredStarts"/>.
    /// </summary>
    Task<VerificationReport> VerifyAsync(CheckpointVerifier? checkpointKey = null, int? streamId = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// An inclusion proof for one event: the event, its Merkle audit path and the signed checkpoint that
    /// covers it; <see langword="null"/> when the event is unknown or no checkpoint covers it yet.
    /// </summary>
    Task<AuditProof?> GetProofAsync(Guid eventId, CancellationToken cancellationToken = default);

    /// <summary>Bundles the proofs of these events into one offline-verifiable file.</summary>
    /// <exception cref="InvalidOperationException">An event is unknown or not covered by a checkpoint yet.</exception>
    Task<EvidencePack> CreateEvidencePackAsync(IEnumerable<Guid> eventIds, string description, CancellationToken cancellationToken = default);
}
