using System.Text.Json;

namespace AuditKit.Cli;

/// <summary>`auditkit stats`: storage figures.</summary>
internal static partial class CliApp
{
    private static async Task<int> StatsAsync(CliArguments a, TextWriter output, CancellationToken ct)
    {
        a.Allow("store", "schema", "json");
        await using var store = await OpenStoreAsync(a, ct).ConfigureAwait(false);
        var info = await store.GetStorageInfoAsync(ct).ConfigureAwait(false);
        if (a.Flag("json"))
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(info, Json)).ConfigureAwait(false);
            return Ok;
        }

        await output.WriteLineAsync($"Events: {info.EventCount:N0}").ConfigureAwait(false);
        await output.WriteLineAsync($"Size: {info.SizeBytes / 1024.0 / 1024.0:0.0} MB").ConfigureAwait(false);
        await output.WriteLineAsync($"Range: {info.OldestTimestamp:O} - {info.NewestTimestamp:O}").ConfigureAwait(false);
        foreach (var s in info.Streams)
        {
            await output.WriteLineAsync($"Stream {s.StreamId}: {s.EventCount:N0} events, head {s.LastSequence} {s.LastHash}").ConfigureAwait(false);
        }

        return Ok;
    }
}
