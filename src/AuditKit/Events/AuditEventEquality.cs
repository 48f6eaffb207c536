using System.Text.Json;

namespace AuditKit;

/// <summary>The value equality of <see cref="AuditEvent"/>: its content, never its caches or array references.</summary>
internal static class AuditEventEquality
{
    public static bool AreEqual(AuditEvent a, AuditEvent? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        return b is not null
            && a.Id == b.Id
            && a.StreamId == b.StreamId
            && a.Sequence == b.Sequence
            && a.Timestamp == b.Timestamp
            && a.Category == b.Category
            && a.Outcome == b.Outcome
            && a.Risk == b.Risk
            && string.Equals(a.Action, b.Action, StringComparison.Ordinal)
            && string.Equals(a.TenantId, b.TenantId, StringComparison.Ordinal)
            && string.Equals(a.Message, b.Message, StringComparison.Ordinal)
            && string.Equals(a.CorrelationId, b.CorrelationId, StringComparison.Ordinal)
            && string.Equals(a.TraceId, b.TraceId, StringComparison.Ordinal)
            && Equals(a.Actor, b.Actor)
            && Equals(a.Client, b.Client)
            && Equals(a.Target, b.Target)
            && Bytes(a.HashBytes, b.HashBytes)
            && Bytes(a.PreviousHashBytes, b.PreviousHashBytes)
            && a.Changes.SequenceEqual(b.Changes)
            && Metadata(a.Metadata, b.Metadata)
            && Erasures(a.Erasures, b.Erasures);
    }

    private static bool Bytes(byte[]? a, byte[]? b) =>
        a is null || b is null ? a is null && b is null : a.AsSpan().SequenceEqual(b);

    private static bool Metadata(IReadOnlyDictionary<string, JsonElement> a, IReadOnlyDictionary<string, JsonElement> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (var (key, value) in a)
        {
            if (!b.TryGetValue(key, out var other) || !JsonElement.DeepEquals(value, other))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Erasures(IReadOnlyList<AuditErasureReceipt> a, IReadOnlyList<AuditErasureReceipt> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            var (x, y) = (a[i], b[i]);
            if (x.At != y.At || x.ErasedBy != y.ErasedBy || x.Reason != y.Reason || !x.Fields.SequenceEqual(y.Fields))
            {
                return false;
            }
        }

        return true;
    }
}
