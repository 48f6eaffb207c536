using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace AuditKit.Interop;

/// <summary>Reads Audit.NET events from its SQL data provider's table, in pages ordered by the id; each row's JSON is mapped like a file's event.</summary>
internal sealed class AuditNetTableSource(DbConnection connection, AuditNetTable table, string sourceName, TimeZoneInfo zone)
{
    private const int PageSize = 1_000;

    public async IAsyncEnumerable<ImportedRow> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var mapper = new AuditNetJsonSource([], sourceName, zone);
        var name = Quote(table.Name);
        var from = table.Schema is { Length: > 0 } schema ? Quote(schema) + "." + name : name;
        var id = Quote(table.IdColumn);
        object? after = null;
        while (true)
        {
            var rows = new List<(object Id, string? Json)>(PageSize);
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = $"SELECT {id}, {Quote(table.JsonColumn)} FROM {from}{(after is null ? string.Empty : $" WHERE {id} > @after")} ORDER BY {id} LIMIT {PageSize}";
                if (after is not null)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = "@after";
                    parameter.Value = after;
                    command.Parameters.Add(parameter);
                }

                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add((reader.GetValue(0), reader.IsDBNull(1) ? null : Convert.ToString(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture)));
                }
            }

            if (rows.Count == 0)
            {
                yield break;
            }

            foreach (var (rowId, json) in rows)
            {
                var key = $"{table.Name}:{Convert.ToString(rowId, System.Globalization.CultureInfo.InvariantCulture)}";
                if (json is null)
                {
                    throw new InvalidDataException($"Audit.NET row {key} has no JSON in {table.JsonColumn}.");
                }

                JsonDocument document;
                try
                {
                    document = JsonDocument.Parse(json);
                }
                catch (JsonException ex)
                {
                    throw new InvalidDataException($"Audit.NET row {key} is not JSON: {ex.Message}", ex);
                }

                using (document)
                {
                    foreach (var row in mapper.Map(document.RootElement, key))
                    {
                        yield return row;
                    }
                }
            }

            after = rows[^1].Id;
        }
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
