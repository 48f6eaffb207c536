namespace AuditKit;

/// <summary>
/// An unsigned statement that a stream had reached <see cref="Sequence"/> with the chain head <see cref="HeadHash"/>
/// at <see cref="Timestamp"/>. The writer publishes the latest one per stream outside the database (by default into a
/// folder beside it, <see cref="CheckpointOptions.HeadDirectory"/>); the verifier holds the store against it, so a
/// truncated or re-hashed tail up to that head is detected even without signed checkpoints. Format: docs/integrity.md.
/// </summary>
/// <param name="StreamId">The stream.</param>
/// <param name="Sequence">The last event the head covers.</param>
/// <param name="HeadHash">The hash of event <see cref="Sequence"/>, lower-case hex.</param>
/// <param name="Timestamp">When the head was published (UTC, microseconds).</param>
public sealed record AuditHead(int StreamId, long Sequence, string HeadHash, DateTimeOffset Timestamp)
{
    /// <summary>The head as canonical JSON (<c>"type":"auditkit.head.v1"</c>).</summary>
    public string ToJson() => HeadJson.Write(this);

    /// <summary>Reads a head written by <see cref="ToJson"/>.</summary>
    /// <exception cref="FormatException">The text is not a head.</exception>
    public static AuditHead FromJson(string json) => HeadJson.Read(json);
}
