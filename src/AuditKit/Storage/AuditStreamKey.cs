namespace AuditKit.Providers;

/// <summary>Packs (stream, sequence) into one 64-bit key: the stream in the high 23 bits, the sequence in the low 40.</summary>
public static class AuditStreamKey
{
    /// <summary>How many low bits hold the sequence.</summary>
    public const int SequenceBits = 40;
    /// <summary>The highest sequence of a stream.</summary>
    public const long MaxSequence = (1L << SequenceBits) - 1;
    /// <summary>The highest stream id.</summary>
    public const int MaxStreamId = (1 << 23) - 1;

    /// <summary>(stream, sequence) as one number; ordering the numbers orders by stream, then sequence.</summary>
    public static long Pack(int streamId, long sequence) => ((long)streamId << SequenceBits) | sequence;

    /// <summary>The stream of a packed key.</summary>
    public static int StreamOf(long key) => (int)(key >> SequenceBits);

    /// <summary>The sequence of a packed key.</summary>
    public static long SequenceOf(long key) => key & MaxSequence;

    /// <summary>The key of a stream's first event.</summary>
    public static long First(int streamId) => Pack(streamId, 1);

    /// <summary>The highest key a stream can have.</summary>
    public static long Last(int streamId) => Pack(streamId, MaxSequence);

    /// <summary>
    /// The keys a deletion request's stream bound (<see cref="AuditDeletionRequest.StreamId"/>,
    /// <see cref="AuditDeletionRequest.ThroughSequence"/>) allows, inclusive; every key when it has none.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <returns>The first and last key.</returns>
    public static (long First, long Last) RangeOf(AuditDeletionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.StreamId is { } stream && request.ThroughSequence is { } through
            ? (First(stream), Pack(stream, through))
            : (long.MinValue, long.MaxValue);
    }
}
