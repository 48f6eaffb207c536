using Dapper;

namespace AuditKit.PostgreSql;

public sealed partial class PostgreSqlAuditStore
{
    /// <inheritdoc />
    public override async Task<AuditSettingsDocument?> GetSettingsAsync(string name, CancellationToken cancellationToken = default)
    {
        AuditSettingsDocument.ValidateName(name);
        await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<SettingsRow>(new CommandDefinition(
            "SELECT name AS Name, version AS Version, json AS Json, updated_us AS UpdatedUs, updated_by AS UpdatedBy FROM audit_settings WHERE name = @name;",
            new { name }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToDocument();
    }

    /// <inheritdoc />
    public override async Task SaveSettingsAsync(AuditSettingsDocument document, CancellationToken cancellationToken = default)
    {
        AuditSettingsDocument.Validate(document);
        await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);

        // One statement either way: version 1 only where there is none, a later one only over the version before it.
        var written = await connection.ExecuteAsync(new CommandDefinition(
            document.Version == 1
                ? "INSERT INTO audit_settings (name, version, json, updated_us, updated_by) VALUES (@Name, 1, @Json, @UpdatedUs, @UpdatedBy) ON CONFLICT (name) DO NOTHING;"
                : "UPDATE audit_settings SET version = @Version, json = @Json, updated_us = @UpdatedUs, updated_by = @UpdatedBy WHERE name = @Name AND version = @Version - 1;",
            new { document.Name, document.Version, document.Json, UpdatedUs = AuditCursor.ToMicros(document.UpdatedAt), document.UpdatedBy },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (written == 0)
        {
            var stored = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT coalesce(max(version), 0) FROM audit_settings WHERE name = @Name;", new { document.Name }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            throw new AuditSettingsConflictException(document.Name, document.Version - 1, stored);
        }
    }

    private sealed record SettingsRow(string Name, long Version, string Json, long UpdatedUs, string? UpdatedBy)
    {
        public AuditSettingsDocument ToDocument() => new(Name, Version, Json, AuditCursor.FromMicros(UpdatedUs), UpdatedBy);
    }
}
