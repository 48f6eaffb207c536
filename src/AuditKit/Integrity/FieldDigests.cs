using System.Buffers;

namespace AuditKit;

/// <summary>
/// A 4-byte digest (FNV-1a) of each top-level member of an event's canonical form, stored beside the event. Not
/// part of the proof — the hash chain is — but what lets the verifier say which field of an edited event no
/// longer matches: an edit with SQL changes the field and leaves these digests behind. One digest costs a pass
/// over bytes already in the writer's buffer.
/// </summary>
internal static class FieldDigests
{
    public const int Size = 4;

    public static int Length => AuditCanonicalForm.Members.Length * Size;

    /// <summary>The digests of an event's canonical members (computed from the event, e.g. after a journal replay).</summary>
    public static byte[] Of(AuditEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        Span<int> ends = stackalloc int[AuditCanonicalForm.Members.Length];
        AuditCanonicalForm.Write(e, buffer, ends);
        return Compute(buffer.WrittenSpan, ends);
    }

    /// <summary>The digests of canonical bytes whose member ends are known.</summary>
    public static byte[] Compute(ReadOnlySpan<byte> canonical, ReadOnlySpan<int> ends)
    {
        var digests = new byte[Length];
        var start = 1; // after '{'
        for (var i = 0; i < ends.Length; i++)
        {
            var end = ends[i];
            if (end > start)
            {
                var member = canonical[start..end];
                if (member[0] == (byte)',')
                {
                    member = member[1..];
                }

                System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(digests.AsSpan(i * Size), Fnv1a(member));
                start = end;
            }
        }

        return digests;
    }

    /// <summary>The members whose digests differ (or all, when the stored digests are missing or malformed: then nothing can be said).</summary>
    public static IReadOnlyList<string> Differences(ReadOnlySpan<byte> stored, ReadOnlySpan<byte> current)
    {
        if (stored.Length != Length || current.Length != Length)
        {
            return [];
        }

        var names = new List<string>();
        for (var i = 0; i < AuditCanonicalForm.Members.Length; i++)
        {
            if (!stored.Slice(i * Size, Size).SequenceEqual(current.Slice(i * Size, Size)))
            {
                names.Add(AuditCanonicalForm.Members[i]);
            }
        }

        return names;
    }

    private static uint Fnv1a(ReadOnlySpan<byte> data)
    {
        var hash = 2166136261u;
        foreach (var b in data)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }
}
