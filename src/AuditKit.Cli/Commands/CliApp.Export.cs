using System.Text.Json;

namespace AuditKit.Cli;

/// <summary>`auditkit export`: query results as JSON Lines.</summary>
internal static partial class CliApp
{
    private static async Task<int> ExportAsync(CliArguments a, TextWriter output, CancellationToken ct)
    {
        a.Allow("store", "schema", "from", "to", "user", "action", "entity", "record", "text", "out");
        await using var store = await OpenStoreAsync(a, ct).ConfigureAwait(false);
        var path = a.Required("out");
        var query = Query(a) with { PageSize = AuditQuery.MaxPageSize };
        long count = 0;
        await using (var file = new StreamWriter(path))
        {
            string? cursor = null;
            do
            {
                var page = await store.QueryAsync(query with { Cursor = cursor }, ct).ConfigureAwait(false);
                foreach (var e in page.Events)
                {
                    await file.WriteLineAsync(JsonSerializer.Serialize(Row(e), JsonLines)).ConfigureAwait(false);
                    count++;
                }

                cursor = page.NextCursor;
            }
            while (cursor is not null);
        }

        await output.WriteLineAsync($"Exported {count:N0} events to {path}.").ConfigureAwait(false);
        return Ok;
    }
}
