using System.Text.Json;

namespace AuditKit.Cli;

/// <summary>`auditkit query`: the log viewer's search from the command line.</summary>
internal static partial class CliApp
{
    private static async Task<int> QueryAsync(CliArguments a, TextWriter output, CancellationToken ct)
    {
        a.Allow("store", "schema", "from", "to", "user", "action", "entity", "record", "text", "limit", "json");
        await using var store = await OpenStoreAsync(a, ct).ConfigureAwait(false);
        var query = Query(a) with { PageSize = a.Int("limit") ?? 50 };
        var page = await store.QueryAsync(query, ct).ConfigureAwait(false);
        var total = await store.CountAsync(query, ct).ConfigureAwait(false);
        if (a.Flag("json"))
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new { total, events = page.Events.Select(Row) }, Json)).ConfigureAwait(false);
            return Ok;
        }

        await output.WriteLineAsync($"Results: {total:N0} events").ConfigureAwait(false);
        foreach (var e in page.Events)
        {
            await output.WriteLineAsync($"{e.DisplayId,-18} {e.Timestamp:yyyy-MM-dd HH:mm:ss} {e.Actor?.Name ?? e.Actor?.Id ?? "-",-16} {e.Action,-14} {e.Target?.EntityType ?? "-",-12} {e.Target?.RecordId ?? "-",-12} {e.Message}").ConfigureAwait(false);
        }

        return Ok;
    }
}
