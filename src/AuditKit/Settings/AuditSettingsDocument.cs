namespace AuditKit;

/// <summary>
/// One named settings document as a store keeps it: the JSON, its version (1 for the first save, then one more
/// for each save) and who saved it when. The event policy, risk rules, alert rules, retention policies and
/// report schedules are documents of this kind; hosts use <see cref="IAuditSettings"/>, providers store these.
/// </summary>
/// <param name="Name">The document's name (<c>event-policy</c>): lower-case letters, digits, '.', '-' and '_', at most 128 characters.</param>
/// <param name="Version">1 for the first save, then one more for each save.</param>
/// <param name="Json">The document as JSON text.</param>
/// <param name="UpdatedAt">When it was saved.</param>
/// <param name="UpdatedBy">The actor id that saved it, when known.</param>
public sealed record AuditSettingsDocument(string Name, long Version, string Json, DateTimeOffset UpdatedAt, string? UpdatedBy)
{
    /// <summary>The entity type of the <see cref="AuditActions.SettingsChanged"/> events that saves record (the record id is the document's name).</summary>
    public const string EntityType = "AuditSettings";

    /// <summary>The longest document name.</summary>
    public const int MaxNameLength = 128;

    /// <summary>The largest document, in UTF-16 characters of JSON (1,048,576).</summary>
    public const int MaxJsonLength = 1 << 20;

    /// <summary>Throws <see cref="ArgumentException"/> naming the parameter when <paramref name="name"/> is not a valid document name.</summary>
    /// <param name="name">The name to check.</param>
    /// <param name="parameterName">The parameter to name in the exception.</param>
    public static void ValidateName(string? name, string parameterName = "name")
    {
        ArgumentException.ThrowIfNullOrEmpty(name, parameterName);
        if (name.Length > MaxNameLength)
        {
            throw new ArgumentException($"A settings document name has at most {MaxNameLength} characters; this one has {name.Length}.", parameterName);
        }

        foreach (var c in name)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-' or '_'))
            {
                throw new ArgumentException($"A settings document name uses lower-case letters, digits, '.', '-' and '_' only: '{name}'.", parameterName);
            }
        }
    }

    /// <summary>Checks a document before a store saves it: its name, a positive version and JSON within <see cref="MaxJsonLength"/>.</summary>
    /// <param name="document">The document to check.</param>
    public static void Validate(AuditSettingsDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        ValidateName(document.Name, "document.Name");
        ArgumentOutOfRangeException.ThrowIfLessThan(document.Version, 1, "document.Version");
        ArgumentException.ThrowIfNullOrEmpty(document.Json, "document.Json");
        if (document.Json.Length > MaxJsonLength)
        {
            throw new ArgumentException($"A settings document holds at most {MaxJsonLength:N0} characters of JSON; '{document.Name}' has {document.Json.Length:N0}.", "document.Json");
        }
    }
}
