namespace AuditKit.PostgreSql;

public sealed partial class PostgreSqlAuditStore
{
    /// <inheritdoc />
    public override async Task<AuditSettingsDocument?> GetSettingsAsync(string name, CancellationToken cancellationToken = default)
    {
        AuditSettingsDocument.ValidateName(name);
        await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        return await AuditSettingsTable.GetAsync(connection, name, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task SaveSettingsAsync(AuditSettingsDocument document, CancellationToken cancellationToken = default)
    {
        AuditSettingsDocument.Validate(document);
        await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        await AuditSettingsTable.SaveAsync(connection, document, cancellationToken).ConfigureAwait(false);
    }
}
