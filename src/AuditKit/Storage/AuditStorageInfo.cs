namespace AuditKit;

/// <summary>What the store holds and how much space it takes ("Storage Used: 2.3 GB").</summary>
/// <param name="EventCount">Events in the active store.</param>
/// <param name="SizeBytes">Bytes the active store takes on disk (or in memory).</param>
/// <param name="Streams">The writer streams and their heads.</param>
/// <param name="OldestTimestamp">The oldest event's time, if any.</param>
/// <param name="NewestTimestamp">The newest event's time, if any.</param>
public sealed record AuditStorageInfo(
    long EventCount,
    long SizeBytes,
    IReadOnlyList<AuditStreamInfo> Streams,
    DateTimeOffset? OldestTimestamp,
    DateTimeOffset? NewestTimestamp);

/// <summary>One writer stream.</summary>
/// <param name="StreamId">The stream.</param>
/// <param name="LastSequence">Its last sequence (0 when empty).</param>
/// <param name="LastHash">Its last hash, lower-case hex.</param>
/// <param name="EventCount">
/// Events it holds in the active store. Stores may count them as the span from the stream's first stored sequence to its
/// last (sequences are gap-free; the SQLite store does): a row deleted from the middle is reported by the verifier, not here.
/// </param>
public sealed record AuditStreamInfo(int StreamId, long LastSequence, string LastHash, long EventCount);
