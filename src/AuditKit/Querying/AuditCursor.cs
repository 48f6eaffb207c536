using System.Buffers.Binary;
using System.Buffers.Text;

namespace AuditKit.Providers;

/// <summary>The keyset position after the last event of a page: (timestamp µs, stream, sequence), encoded as opaque base64url.</summary>
public readonly record struct AuditCursor(long TimestampMicros, int StreamId, long Sequence)
{
    private const byte Version = 1;

    /// <summary>The position just after <paramref name="e"/> in newest-first order.</summary>
    public static AuditCursor After(AuditEvent e) => new(ToMicros(e.Timestamp), e.StreamId, e.Sequence);

    /// <summary>A timestamp as Unix microseconds (the unit stores keep).</summary>
    public static long ToMicros(DateTimeOffset t) => (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    /// <summary>Unix microseconds back to a UTC timestamp.</summary>
    public static DateTimeOffset FromMicros(long micros) => new(DateTimeOffset.UnixEpoch.UtcTicks + (micros * 10), TimeSpan.Zero);

    /// <summary>The stream position packed as one number (<see cref="AuditStreamKey.Pack"/>).</summary>
    public long Key => AuditStreamKey.Pack(StreamId, Sequence);

    /// <summary>The opaque cursor text (<see cref="AuditPage.NextCursor"/>).</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[21];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], TimestampMicros);
        BinaryPrimitives.WriteInt32BigEndian(bytes[9..], StreamId);
        BinaryPrimitives.WriteInt64BigEndian(bytes[13..], Sequence);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>Decodes cursor text; throws <see cref="ArgumentException"/> naming <c>Cursor</c> for text AuditKit did not return.</summary>
    public static AuditCursor Parse(string text)
    {
        Span<byte> bytes = stackalloc byte[32];
        int written;
        try
        {
            if (text.Length > 40 || !Base64Url.TryDecodeFromChars(text, bytes, out written))
            {
                written = 0;
            }
        }
        catch (FormatException)
        {
            written = 0;
        }

        if (written != 21 || bytes[0] != Version)
        {
            throw new ArgumentException("AuditQuery.Cursor is not a cursor returned by AuditKit; pass AuditPage.NextCursor unchanged.", "Cursor");
        }

        var cursor = new AuditCursor(
            BinaryPrimitives.ReadInt64BigEndian(bytes[1..]),
            BinaryPrimitives.ReadInt32BigEndian(bytes[9..]),
            BinaryPrimitives.ReadInt64BigEndian(bytes[13..]));
        if (cursor.StreamId is < 1 or > AuditStreamKey.MaxStreamId || cursor.Sequence is < 1 or > AuditStreamKey.MaxSequence)
        {
            throw new ArgumentException("AuditQuery.Cursor is not a cursor returned by AuditKit; pass AuditPage.NextCursor unchanged.", "Cursor");
        }

        return cursor;
    }

    /// <summary>Whether <paramref name="e"/> comes after this position in newest-first order.</summary>
    public bool Precedes(AuditEvent e)
    {
        var ts = ToMicros(e.Timestamp);
        if (ts != TimestampMicros)
        {
            return ts < TimestampMicros;
        }

        return AuditStreamKey.Pack(e.StreamId, e.Sequence) < Key;
    }
}
