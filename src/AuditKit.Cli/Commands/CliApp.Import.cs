using System.Data.Common;
using System.Text.Json;
using AuditKit.Interop;

namespace AuditKit.Cli;

/// <summary>`auditkit import`: imports Audit.NET JSON events or ABP's audit tables into a store (AuditKit.Interop).</summary>
internal static partial class CliApp
{
    // Resumable and idempotent: running it again imports only rows not imported yet.
    private static async Task<int> ImportAsync(CliArguments a, TextWriter output, CancellationToken ct)
    {
        a.Allow("store", "schema", "audit-net", "audit-net-table", "audit-net-schema", "audit-net-id", "audit-net-json", "abp", "abp-schema", "abp-prefix", "source-name", "batch", "json");
        var auditNet = a.Value("audit-net");
        var abp = a.Value("abp");
        if ((auditNet is null) == (abp is null))
        {
            throw new CliUsageException("give exactly one source: --audit-net <file, folder, sqlite:file or postgres:connection string> or --abp <sqlite:file or postgres:connection string>.");
        }

        var options = new AuditImportOptions { SourceName = a.Value("source-name"), AbpSchema = a.Value("abp-schema") };
        if (a.Value("abp-prefix") is { } prefix)
        {
            options.AbpTablePrefix = prefix;
        }

        if (a.Int("batch") is { } batch)
        {
            options.BatchSize = batch is >= 1 and <= 10_000 ? batch : throw new CliUsageException("--batch must be between 1 and 10,000.");
        }

        await using var store = OpenStore(a.Required("store"), a.Value("schema"), readOnly: false, "store");
        var importer = new AuditImporter(store);
        AuditImportResult result;
        try
        {
            if (auditNet is not null && IsDatabase(auditNet))
            {
                var table = new AuditNetTable { Schema = a.Value("audit-net-schema") };
                table.Name = a.Value("audit-net-table") ?? table.Name;
                table.IdColumn = a.Value("audit-net-id") ?? table.IdColumn;
                table.JsonColumn = a.Value("audit-net-json") ?? table.JsonColumn;
                await using var connection = OpenSource(auditNet, "audit-net");
                await connection.OpenAsync(ct).ConfigureAwait(false);
                result = await importer.ImportAuditNetAsync(connection, table, options, ct).ConfigureAwait(false);
            }
            else if (auditNet is not null)
            {
                var files = Directory.Exists(auditNet)
                    ? Directory.EnumerateFiles(auditNet, "*.json*", SearchOption.AllDirectories).ToList()
                    : File.Exists(auditNet) ? [auditNet] : throw new CliUsageException($"--audit-net '{auditNet}' is neither a file nor a folder.");
                result = await importer.ImportAuditNetAsync(files, options, ct).ConfigureAwait(false);
            }
            else
            {
                await using var connection = OpenSource(abp!, "abp");
                await connection.OpenAsync(ct).ConfigureAwait(false);
                result = await importer.ImportAbpAsync(connection, options, ct).ConfigureAwait(false);
            }
        }
        catch (ArgumentException ex)
        {
            throw new CliUsageException(ex.Message);
        }
        catch (InvalidDataException ex)
        {
            await output.WriteLineAsync($"auditkit: {ex.Message}").ConfigureAwait(false);
            return Tampered;
        }

        await output.WriteLineAsync(a.Flag("json")
            ? JsonSerializer.Serialize(result, Json)
            : $"{result.SourceName}: {result.Imported:N0} events imported into stream {result.StreamId} ({result.AlreadyImported:N0} already there, {result.Read:N0} read)").ConfigureAwait(false);
        return Ok;
    }

    private static bool IsDatabase(string spec) =>
        spec.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) || spec.StartsWith("postgres:", StringComparison.OrdinalIgnoreCase) || spec.StartsWith("postgresql:", StringComparison.OrdinalIgnoreCase);

    private static DbConnection OpenSource(string spec, string option)
    {
        if (spec.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            var path = spec["sqlite:".Length..];
            return File.Exists(path)
                ? new Microsoft.Data.Sqlite.SqliteConnection(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = path, Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly }.ToString())
                : throw new CliUsageException($"--{option} file '{path}' does not exist.");
        }

        if (spec.StartsWith("postgres:", StringComparison.OrdinalIgnoreCase) || spec.StartsWith("postgresql:", StringComparison.OrdinalIgnoreCase))
        {
            return new Npgsql.NpgsqlConnection(spec[(spec.IndexOf(':', StringComparison.Ordinal) + 1)..]);
        }

        throw new CliUsageException($"--{option} '{spec}' is not supported; use sqlite:<file> or postgres:<connection string>.");
    }
}
