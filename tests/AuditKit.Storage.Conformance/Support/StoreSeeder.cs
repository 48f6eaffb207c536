namespace AuditKit.Storage.Conformance.Support;

/// <summary>Writes events into a store as the pipeline would: stream lease, sequences, hash chain, batches.</summary>
public static class StoreSeeder
{
    public static async Task<int> AppendAsync(AuditStore store, IReadOnlyList<AuditEvent> events, int batchSize = 1000, int? streamId = null)
    {
        await store.InitializeAsync();
        await using var lease = await store.OpenStreamAsync(streamId, "tests");
        var head = Convert.FromHexString(lease.LastHash);
        var sequence = lease.LastSequence;
        using var chain = new AuditChain();
        foreach (var chunk in events.Chunk(batchSize))
        {
            foreach (var e in chunk)
            {
                Prepare(e);
                e.StreamId = lease.StreamId;
                e.Sequence = ++sequence;
                chain.Link(e, head);
            }

            await store.AppendAsync(chunk);
        }

        return lease.StreamId;
    }

    /// <summary>What the capture API does to an event before it is queued: UTC, microseconds, UUID v7.</summary>
    public static void Prepare(AuditEvent e)
    {
        var t = e.Timestamp.ToUniversalTime();
        var truncated = new DateTimeOffset(t.Ticks - (t.Ticks % 10), TimeSpan.Zero);
        e.SetTimestamp(truncated);
        e.Id = Guid.CreateVersion7(truncated);
    }
}
