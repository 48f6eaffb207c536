namespace AuditKit.Providers;

/// <summary>
/// What the verifier needs of a run of stored events, without the events: sequence, year (for the display
/// id), stored previous hash, stored hash and the hash the content gives. Providers fill chunks their fastest
/// way (<see cref="AuditStore.ReadDigestsAsync"/>); a chunk is reused once the consumer asks for the next.
/// </summary>
public sealed class DigestChunk(int capacity)
{
    /// <summary>The entries of a chunk that <see cref="AuditStore.ReadDigestsAsync"/> fills by default.</summary>
    public const int DefaultCapacity = 1024;

    private readonly long[] _sequences = new long[capacity];
    private readonly int[] _years = new int[capacity];
    private readonly byte[] _previous = new byte[capacity * 32];
    private readonly byte[] _stored = new byte[capacity * 32];
    private readonly byte[] _computed = new byte[capacity * 32];
    private readonly bool[] _deleted = new bool[capacity];

    /// <summary>How many entries the chunk holds.</summary>
    public int Capacity => capacity;

    /// <summary>How many entries it holds now.</summary>
    public int Count { get; private set; }

    /// <summary>Whether it is full (hand it to the consumer, then <see cref="Clear"/>).</summary>
    public bool IsFull => Count == capacity;

    /// <summary>Entry <paramref name="i"/>'s sequence.</summary>
    public long Sequence(int i) => _sequences[i];

    /// <summary>Entry <paramref name="i"/>'s UTC year (for its display id).</summary>
    public int Year(int i) => _years[i];

    /// <summary>Entry <paramref name="i"/>'s stored previous hash (32 bytes).</summary>
    public Span<byte> Previous(int i) => _previous.AsSpan(i * 32, 32);

    /// <summary>Entry <paramref name="i"/>'s stored hash (32 bytes).</summary>
    public Span<byte> Stored(int i) => _stored.AsSpan(i * 32, 32);

    /// <summary>Where the hash of entry <paramref name="i"/>'s content goes (32 bytes): SHA-256 over its previous hash and canonical form.</summary>
    public Span<byte> Computed(int i) => _computed.AsSpan(i * 32, 32);

    /// <summary>Whether entry <paramref name="i"/> is a deleted event's tombstone: its content is gone, its computed hash is its stored one.</summary>
    public bool IsDeleted(int i) => _deleted[i];

    /// <summary>Adds an event's position and stored hashes (a shorter stored hash is zero-padded: it cannot match); returns its index.</summary>
    public int Add(long sequence, int year, ReadOnlySpan<byte> previous, ReadOnlySpan<byte> stored)
    {
        var i = Count++;
        _sequences[i] = sequence;
        _years[i] = year;
        _deleted[i] = false;
        Copy(previous, Previous(i));
        Copy(stored, Stored(i));
        return i;
    }

    /// <summary>Adds a tombstone (<see cref="AuditTombstone"/>): its links are checked, its content cannot be; returns its index.</summary>
    public int AddDeleted(long sequence, int year, ReadOnlySpan<byte> previous, ReadOnlySpan<byte> stored)
    {
        var i = Add(sequence, year, previous, stored);
        _deleted[i] = true;
        Stored(i).CopyTo(Computed(i));
        return i;
    }

    /// <summary>Copies entry <paramref name="i"/> of <paramref name="source"/> (with its computed hash) to the end of this chunk.</summary>
    public void CopyFrom(DigestChunk source, int i)
    {
        var j = Add(source.Sequence(i), source.Year(i), source.Previous(i), source.Stored(i));
        _deleted[j] = source.IsDeleted(i);
        source.Computed(i).CopyTo(Computed(j));
    }

    /// <summary>Empties the chunk for reuse.</summary>
    public void Clear() => Count = 0;

    private static void Copy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        destination.Clear();
        source[..Math.Min(source.Length, 32)].CopyTo(destination);
    }
}
