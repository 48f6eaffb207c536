using AuditKit.Sqlite;

namespace AuditKit.Cli;

/// <summary>Opening the stores the commands name (read-only except copy's target).</summary>
internal static partial class CliApp
{
    private static Task<AuditStore> OpenStoreAsync(CliArguments a, CancellationToken ct) => OpenReadOnlyAsync(a.Required("store"), a.Value("schema"), "store", ct);

    // Readers never write: the store is opened read-only (nothing created, migrated or partitioned) and must
    // already be an AuditKit store of a schema version this tool reads; anything else is a usage error.
    private static async Task<AuditStore> OpenReadOnlyAsync(string spec, string? schema, string option, CancellationToken ct)
    {
        var store = OpenStore(spec, schema, readOnly: true, option);
        try
        {
            await store.InitializeAsync(ct).ConfigureAwait(false);
            return store;
        }
        catch (InvalidOperationException ex)
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw new CliUsageException($"--{option}: {ex.Message}");
        }
    }

    // sqlite:<file> or postgres:<Npgsql connection string> (schema from --schema, default auditkit).
    private static AuditStore OpenStore(string spec, string? schema, bool readOnly, string option)
    {
        if (spec.StartsWith("postgres:", StringComparison.OrdinalIgnoreCase) || spec.StartsWith("postgresql:", StringComparison.OrdinalIgnoreCase))
        {
            var connection = spec[(spec.IndexOf(':', StringComparison.Ordinal) + 1)..];
            try
            {
                return new AuditKit.PostgreSql.PostgreSqlAuditStore(new AuditKit.PostgreSql.PostgreSqlAuditStoreOptions { ConnectionString = connection, Schema = schema ?? "auditkit", ReadOnly = readOnly });
            }
            catch (ArgumentException ex)
            {
                throw new CliUsageException($"--{option}: {ex.Message}");
            }
        }

        if (!spec.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliUsageException($"--{option} '{spec}' is not supported; use sqlite:<file> or postgres:<connection string>.");
        }

        var path = spec["sqlite:".Length..];
        if (readOnly && !File.Exists(path))
        {
            throw new CliUsageException($"--{option} file '{path}' does not exist.");
        }

        var mode = readOnly ? Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly : Microsoft.Data.Sqlite.SqliteOpenMode.ReadWriteCreate;
        return new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = path, Mode = mode }.ToString() });
    }
}
