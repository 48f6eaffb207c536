namespace AuditKit;

/// <summary>
/// A signed statement about one stream: its events <see cref="FromSequence"/>..<see cref="ToSequence"/> have
/// the Merkle root <see cref="MerkleRoot"/> (RFC 9162 hashing over their hashes) and the chain's head is
/// <see cref="HeadHash"/>. Signed with a key the audit store does not hold, so rewriting history and
/// recomputing hashes is detected. Format: docs/integrity.md.
/// </summary>
/// <param name="StreamId">The stream.</param>
/// <param name="FromSequence">The first event covered (the previous checkpoint's <see cref="ToSequence"/> + 1).</param>
/// <param name="ToSequence">The last event covered.</param>
/// <param name="HeadHash">The hash of event <see cref="ToSequence"/>, lower-case hex.</param>
/// <param name="MerkleRoot">The Merkle tree hash of the covered events' hashes, lower-case hex.</param>
/// <param name="Timestamp">When the checkpoint was made (UTC, microseconds).</param>
/// <param name="KeyId">Which key signed it.</param>
/// <param name="Algorithm">"ES256" (ECDSA P-256 with SHA-256) or "HS256" (HMAC-SHA-256).</param>
/// <param name="Signature">The signature over <see cref="SignedBytes"/>, base64.</param>
public sealed record AuditCheckpoint(
    int StreamId,
    long FromSequence,
    long ToSequence,
    string HeadHash,
    string MerkleRoot,
    DateTimeOffset Timestamp,
    string KeyId,
    string Algorithm,
    string Signature)
{
    /// <summary>The bytes the signature covers: the checkpoint's canonical JSON without the signature.</summary>
    public byte[] SignedBytes() => CheckpointJson.SignedBytes(this);

    /// <summary>The checkpoint as canonical JSON, signature included.</summary>
    public string ToJson() => CheckpointJson.Write(this);

    /// <summary>Reads a checkpoint written by <see cref="ToJson"/>.</summary>
    /// <exception cref="FormatException">The text is not a checkpoint.</exception>
    public static AuditCheckpoint FromJson(string json) => CheckpointJson.Read(json);
}
