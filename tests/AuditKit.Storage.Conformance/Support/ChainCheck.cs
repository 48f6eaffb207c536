namespace AuditKit.Storage.Conformance.Support;

/// <summary>Re-computes a stream's hash chain from what the store returns; the test-side check until the verifier exists.</summary>
public static class ChainCheck
{
    /// <summary>Returns the number of events checked; throws an assertion failure naming the first broken sequence.</summary>
    public static async Task<long> VerifyAsync(AuditStore store, int streamId)
    {
        using var chain = new AuditChain();
        var previous = new byte[32];
        var computed = new byte[32];
        long expected = 1;
        await foreach (var e in store.ReadStreamAsync(streamId))
        {
            e.Sequence.Should().Be(expected, "sequences are gap-free");
            e.PreviousHash.Should().Be(Convert.ToHexStringLower(previous), $"event {e.Sequence} links to its predecessor");
            chain.Compute(e, previous, computed);
            Convert.ToHexStringLower(computed).Should().Be(e.Hash, $"event {e.Sequence}'s stored hash matches its content");
            computed.CopyTo(previous, 0);
            expected++;
        }

        return expected - 1;
    }
}
