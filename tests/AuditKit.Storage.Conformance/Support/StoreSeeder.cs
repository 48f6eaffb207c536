namespace AuditKit.Storage.Conformance.Support;

/// <summary>Writes events into a store as the pipeline would: stream lease, sequences, hash chain, batches.</summary>
public static class StoreSeeder
{
    /// <summary>Appends <paramref name="events"/> in batches to a new (or the given) stream; returns the stream id.</summary>
    public static async Task<int> AppendAsync(AuditStore store, IReadOnlyList<AuditEvent> events, int batchSize = 1000, int? streamId = null)
    {
        await store.InitializeAsync();
        await using var lease = await store.OpenStreamAsync(streamId, "tests");
        using var writer = new AuditChainWriter(lease);
        foreach (var chunk in events.Chunk(batchSize))
        {
            foreach (var e in chunk)
            {
                writer.Link(e);
            }

            await store.AppendAsync(chunk);
        }

        return lease.StreamId;
    }

    /// <summary>What the capture API does to an event before it is queued: UTC, microseconds, UUID v7.</summary>
    public static void Prepare(AuditEvent e) => EventPreparer.Prepare(e);
}
