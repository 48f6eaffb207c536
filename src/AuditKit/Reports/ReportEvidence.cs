namespace AuditKit.Reports;

/// <summary>
/// The evidence section that closes every report and export: for each stream the rows come from, the first and last
/// sequence and hash, the verification of that range at generation time and the newest signed checkpoint covering it,
/// so an auditor can tie every row to the log (<c>auditkit verify --stream N</c> reproduces the verification).
/// </summary>
/// <param name="VerifiedAt">When the verification ran.</param>
/// <param name="Streams">One entry per stream, in stream order; empty when the report has no rows.</param>
public sealed record ReportEvidence(DateTimeOffset VerifiedAt, IReadOnlyList<StreamEvidence> Streams)
{
    /// <summary>Whether every stream's range verified with no finding and no covering checkpoint has an invalid signature.</summary>
    public bool Intact => Streams.All(s => s.Intact);
}

/// <summary>The evidence for one stream's part of a report.</summary>
/// <param name="StreamId">The stream.</param>
/// <param name="FirstSequence">The lowest sequence among the report's events of this stream.</param>
/// <param name="FirstHash">That event's hash.</param>
/// <param name="LastSequence">The highest sequence among the report's events of this stream.</param>
/// <param name="LastHash">That event's hash.</param>
/// <param name="Events">The report's events of this stream.</param>
/// <param name="EventsVerified">Events the verifier re-hashed in the stream (the whole stream is verified).</param>
/// <param name="IssuesInRange">The verifier's findings that touch <see cref="FirstSequence"/>..<see cref="LastSequence"/>.</param>
/// <param name="IssuesInStream">All of the verifier's findings in the stream.</param>
/// <param name="Checkpoint">The newest checkpoint of the stream whose range ends at or after <see cref="LastSequence"/>; null when none covers it yet.</param>
/// <param name="CheckpointSignatureValid">Whether the checkpoint's signature is valid for the reports' checkpoint key (<c>ReportOptions.CheckpointKey</c> in AuditKit.Reports); null when no key is configured or there is no checkpoint.</param>
public sealed record StreamEvidence(
    int StreamId,
    long FirstSequence,
    string FirstHash,
    long LastSequence,
    string LastHash,
    long Events,
    long EventsVerified,
    IReadOnlyList<VerificationIssue> IssuesInRange,
    int IssuesInStream,
    AuditCheckpoint? Checkpoint,
    bool? CheckpointSignatureValid)
{
    /// <summary>Whether the range verified with no finding and its checkpoint's signature is not invalid.</summary>
    public bool Intact => IssuesInRange.Count == 0 && CheckpointSignatureValid != false;
}
