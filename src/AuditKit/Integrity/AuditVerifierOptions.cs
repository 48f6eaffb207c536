namespace AuditKit;

/// <summary>
/// Anchors kept outside the store that the verifier holds the store against (<see cref="AuditIntegrity.CreateVerifier(AuditStore, AuditVerifierOptions?)"/>,
/// <c>auditkit verify --checkpoints/--heads/--expect</c>). Without them the verifier can only trust the store's own list of
/// streams and checkpoints; with them it also reports streams, tails and checkpoints removed from the store
/// (docs/integrity.md, "What is detected").
/// </summary>
public sealed class AuditVerifierOptions
{
    /// <summary>A folder of published checkpoints (<c>checkpoint-s{stream}-{toSequence}.json</c>, as <see cref="FolderCheckpointPublisher"/> writes them).</summary>
    public string? CheckpointDirectory { get; set; }

    /// <summary>A folder of published heads (<c>head-s{stream}.json</c>, as the writer publishes them: <see cref="CheckpointOptions.HeadDirectory"/>).</summary>
    public string? HeadDirectory { get; set; }

    /// <summary>Heads known from elsewhere (an auditor's notes, a ticket): the store must hold exactly these events.</summary>
    public IList<AuditHead> ExpectedHeads { get; } = [];
}
