using System.Text.Json;

namespace AuditKit.Cli;

/// <summary>`auditkit copy`: copies every stream from one store to another.</summary>
internal static partial class CliApp
{
    // Copies every stream (events with their hashes, seals and checkpoints) from one store to another, in
    // sequence order and batches; appends are idempotent, so an interrupted copy can simply be run again.
    // Each target stream is held while it is copied, so no live writer can write it meanwhile.
    private static async Task<int> CopyAsync(CliArguments a, TextWriter output, CancellationToken ct)
    {
        a.Allow("from", "to", "from-schema", "to-schema", "batch", "json");
        await using var source = await OpenReadOnlyAsync(a.Required("from"), a.Value("from-schema"), "from", ct).ConfigureAwait(false);
        await using var target = OpenStore(a.Required("to"), a.Value("to-schema"), readOnly: false, "to");
        var batchSize = a.Int("batch") ?? 5_000;
        if (batchSize < 1)
        {
            throw new CliUsageException("--batch must be positive.");
        }

        await target.InitializeAsync(ct).ConfigureAwait(false);
        var info = await source.GetStorageInfoAsync(ct).ConfigureAwait(false);
        var copied = new List<object>();
        foreach (var stream in info.Streams)
        {
            await using var lease = await target.OpenStreamAsync(stream.StreamId, "auditkit copy", ct).ConfigureAwait(false);
            long events = 0;
            var batch = new List<AuditEvent>(batchSize);
            await foreach (var e in source.ReadStreamAsync(stream.StreamId, Math.Max(1, lease.LastSequence + 1), ct).ConfigureAwait(false))
            {
                batch.Add(e);
                if (batch.Count == batchSize)
                {
                    await target.AppendAsync(batch, ct).ConfigureAwait(false);
                    events += batch.Count;
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                await target.AppendAsync(batch, ct).ConfigureAwait(false);
                events += batch.Count;
            }

            var checkpoints = await source.GetCheckpointsAsync(stream.StreamId, ct).ConfigureAwait(false);
            foreach (var checkpoint in checkpoints)
            {
                await target.AppendCheckpointAsync(checkpoint, ct).ConfigureAwait(false);
            }

            copied.Add(new { stream = stream.StreamId, events, skipped = lease.LastSequence, checkpoints = checkpoints.Count });
            if (!a.Flag("json"))
            {
                await output.WriteLineAsync($"stream {stream.StreamId}: {events:N0} events copied ({lease.LastSequence:N0} already there), {checkpoints.Count} checkpoints").ConfigureAwait(false);
            }
        }

        if (a.Flag("json"))
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(copied, Json)).ConfigureAwait(false);
        }

        return Ok;
    }
}
