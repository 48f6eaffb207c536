using System.Text.Json;

namespace AuditKit.Interop;

/// <summary>The metadata keys that mark an imported event.</summary>
internal static class ImportMetadata
{
    /// <summary>true on every imported event.</summary>
    public const string Imported = "imported";

    /// <summary>The source kind: "audit.net" or "abp".</summary>
    public const string Source = "import.source";

    /// <summary>The source's name (<see cref="AuditImportOptions.SourceName"/>).</summary>
    public const string Name = "import.name";

    /// <summary>The row within the source (file and index, or table and primary key).</summary>
    public const string Row = "import.row";

    public static Dictionary<string, JsonElement> Create(string source, string rowId) => new(StringComparer.Ordinal)
    {
        [Imported] = AuditMetadata.ToJson(true),
        [Source] = AuditMetadata.ToJson(source),
        [Row] = AuditMetadata.ToJson(rowId),
    };

    public static void Add(Dictionary<string, JsonElement> metadata, string key, object? value)
    {
        if (value is not null && (value is not string s || s.Length > 0))
        {
            metadata[key] = AuditMetadata.ToJson(value, key);
        }
    }
}
