using System.Data.Common;

namespace AuditKit;

/// <summary>
/// Provider toolkit: the settings documents (<see cref="AuditStore.GetSettingsAsync"/>,
/// <see cref="AuditStore.SaveSettingsAsync"/>) kept in a table <c>audit_settings (name, version, json, updated_us,
/// updated_by)</c> reached through ADO.NET, for SQL dialects with <c>INSERT … ON CONFLICT (name) DO NOTHING</c> and
/// <c>@name</c> parameters (SQLite, PostgreSQL). The provider creates the table in its own migrations.
/// </summary>
public static class AuditSettingsTable
{
    /// <summary>Reads a document, or <see langword="null"/> when it was never saved.</summary>
    /// <param name="connection">An open connection whose default schema holds <c>audit_settings</c>.</param>
    /// <param name="name">The document's name (checked).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The document or null.</returns>
    public static async Task<AuditSettingsDocument?> GetAsync(DbConnection connection, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        AuditSettingsDocument.ValidateName(name);
        await using var command = Command(connection, "SELECT version, json, updated_us, updated_by FROM audit_settings WHERE name = @name;", ("@name", name));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new AuditSettingsDocument(
            name,
            reader.GetInt64(0),
            reader.GetString(1),
            AuditCursor.FromMicros(reader.GetInt64(2)),
            await reader.IsDBNullAsync(3, cancellationToken).ConfigureAwait(false) ? null : reader.GetString(3));
    }

    /// <summary>
    /// Stores a document in one statement: version 1 only where there is none, a later version only over the one
    /// before it; otherwise throws <see cref="AuditSettingsConflictException"/> with the stored version.
    /// </summary>
    /// <param name="connection">An open connection whose default schema holds <c>audit_settings</c>.</param>
    /// <param name="document">The document (checked with <see cref="AuditSettingsDocument.Validate"/>).</param>
    /// <param name="cancellationToken">Cancels the write before it commits.</param>
    /// <returns>A task that completes when the document is stored.</returns>
    /// <exception cref="AuditSettingsConflictException">The stored version is not <c>document.Version - 1</c>; nothing was written.</exception>
    public static async Task SaveAsync(DbConnection connection, AuditSettingsDocument document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        AuditSettingsDocument.Validate(document);
        int written;
        await using (var command = Command(
            connection,
            document.Version == 1
                ? "INSERT INTO audit_settings (name, version, json, updated_us, updated_by) VALUES (@name, @version, @json, @updated, @by) ON CONFLICT (name) DO NOTHING;"
                : "UPDATE audit_settings SET version = @version, json = @json, updated_us = @updated, updated_by = @by WHERE name = @name AND version = @previous;",
            ("@name", document.Name),
            ("@version", document.Version),
            ("@previous", document.Version - 1),
            ("@json", document.Json),
            ("@updated", AuditCursor.ToMicros(document.UpdatedAt)),
            ("@by", document.UpdatedBy)))
        {
            written = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (written == 0)
        {
            var stored = await GetAsync(connection, document.Name, cancellationToken).ConfigureAwait(false);
            throw new AuditSettingsConflictException(document.Name, document.Version - 1, stored?.Version ?? 0);
        }
    }

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            if (!sql.Contains(name, StringComparison.Ordinal))
            {
                continue;
            }

            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
