namespace AuditKit.Testing;

public sealed partial class InMemoryAuditStore
{
    private readonly Dictionary<string, AuditSettingsDocument> _settings = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public override Task<AuditSettingsDocument?> GetSettingsAsync(string name, CancellationToken cancellationToken = default)
    {
        AuditSettingsDocument.ValidateName(name);
        lock (_lock)
        {
            return Task.FromResult(_settings.GetValueOrDefault(name));
        }
    }

    /// <inheritdoc />
    public override Task SaveSettingsAsync(AuditSettingsDocument document, CancellationToken cancellationToken = default)
    {
        AuditSettingsDocument.Validate(document);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var current = _settings.GetValueOrDefault(document.Name)?.Version ?? 0;
            if (current != document.Version - 1)
            {
                throw new AuditSettingsConflictException(document.Name, document.Version - 1, current);
            }

            _settings[document.Name] = document;
        }

        return Task.CompletedTask;
    }
}
