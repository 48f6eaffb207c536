namespace AuditKit;

/// <summary>A settings document read as <typeparamref name="T"/>, with the version to save it back over.</summary>
/// <typeparam name="T">The document's type.</typeparam>
/// <param name="Name">The document's name.</param>
/// <param name="Value">The document; its defaults (<c>new T()</c>) when it was never saved.</param>
/// <param name="Version">The stored version; 0 when it was never saved.</param>
/// <param name="UpdatedAt">When it was last saved, if ever.</param>
/// <param name="UpdatedBy">Who last saved it, when known.</param>
public sealed record AuditSettingsEntry<T>(string Name, T Value, long Version, DateTimeOffset? UpdatedAt, string? UpdatedBy)
    where T : class;
