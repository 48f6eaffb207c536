using System.Buffers;
using System.Security.Cryptography;

namespace AuditKit.Storage.Conformance.Support;

/// <summary>Re-computes a stream's hash chain from what the store returns: SHA-256 over the previous hash and the canonical form (docs/integrity.md).</summary>
public static class ChainCheck
{
    /// <summary>Returns the number of events checked; throws an assertion failure naming the first broken sequence.</summary>
    public static async Task<long> VerifyAsync(AuditStore store, int streamId)
    {
        var previous = new byte[32];
        long expected = 1;
        await foreach (var e in store.ReadStreamAsync(streamId))
        {
            e.Sequence.Should().Be(expected, "sequences are gap-free");
            e.PreviousHash.Should().Be(Convert.ToHexStringLower(previous), $"event {e.Sequence} links to its predecessor");
            var computed = SHA256.HashData([.. previous, .. CanonicalBytes(e)]);
            Convert.ToHexStringLower(computed).Should().Be(e.Hash, $"event {e.Sequence}'s stored hash matches its content");
            previous = computed;
            expected++;
        }

        return expected - 1;
    }

    /// <summary>The canonical bytes of an event (what its hash covers).</summary>
    public static byte[] CanonicalBytes(AuditEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        AuditCanonicalForm.Write(e, buffer);
        return buffer.WrittenSpan.ToArray();
    }
}
