namespace AuditKit;

/// <summary>Packs (stream, sequence) into one 64-bit key: the stream in the high 23 bits, the sequence in the low 40.</summary>
internal static class AuditStreamKey
{
    public const int SequenceBits = 40;
    public const long MaxSequence = (1L << SequenceBits) - 1;
    public const int MaxStreamId = (1 << 23) - 1;

    public static long Pack(int streamId, long sequence) => ((long)streamId << SequenceBits) | sequence;

    public static int StreamOf(long key) => (int)(key >> SequenceBits);

    public static long SequenceOf(long key) => key & MaxSequence;

    public static long First(int streamId) => Pack(streamId, 1);

    public static long Last(int streamId) => Pack(streamId, MaxSequence);
}
