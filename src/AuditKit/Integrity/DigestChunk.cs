namespace AuditKit;

/// <summary>
/// What the verifier needs of a run of stored events, without the events: sequence, year (for the display
/// id), stored previous hash, stored hash and the hash the content gives. Providers fill chunks their fastest
/// way (<see cref="AuditStore.ReadDigestsAsync"/>); a chunk is reused once the consumer asks for the next.
/// </summary>
internal sealed class DigestChunk(int capacity)
{
    public const int DefaultCapacity = 1024;

    private readonly long[] _sequences = new long[capacity];
    private readonly int[] _years = new int[capacity];
    private readonly byte[] _previous = new byte[capacity * 32];
    private readonly byte[] _stored = new byte[capacity * 32];
    private readonly byte[] _computed = new byte[capacity * 32];

    public int Capacity => capacity;

    public int Count { get; private set; }

    public bool IsFull => Count == capacity;

    public long Sequence(int i) => _sequences[i];

    public int Year(int i) => _years[i];

    public Span<byte> Previous(int i) => _previous.AsSpan(i * 32, 32);

    public Span<byte> Stored(int i) => _stored.AsSpan(i * 32, 32);

    public Span<byte> Computed(int i) => _computed.AsSpan(i * 32, 32);

    /// <summary>Adds an event's position and stored hashes (a shorter stored hash is zero-padded: it cannot match); returns its index.</summary>
    public int Add(long sequence, int year, ReadOnlySpan<byte> previous, ReadOnlySpan<byte> stored)
    {
        var i = Count++;
        _sequences[i] = sequence;
        _years[i] = year;
        Copy(previous, Previous(i));
        Copy(stored, Stored(i));
        return i;
    }

    public void Clear() => Count = 0;

    private static void Copy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        destination.Clear();
        source[..Math.Min(source.Length, 32)].CopyTo(destination);
    }
}
