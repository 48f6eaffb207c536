using System.Buffers.Binary;

namespace AuditKit.Providers;

/// <summary>
/// AuditKit's event ids are UUID version 7: their first 48 bits are the event's Unix millisecond, so a store finds
/// an event by id through its time index (one millisecond of it) and needs no index on the random id.
/// </summary>
public static class EventIdTime
{
    /// <summary>The microsecond range [from, to) an id's event lies in; false for an id that is not a UUID v7.</summary>
    public static bool TryGetRange(Guid id, out long fromMicros, out long toMicros)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        if (bytes[6] >> 4 != 7)
        {
            fromMicros = toMicros = 0;
            return false;
        }

        var millis = (long)(BinaryPrimitives.ReadUInt64BigEndian(bytes) >> 16);
        fromMicros = millis * 1000;
        toMicros = (millis + 1) * 1000;
        return true;
    }
}
