using System.Buffers;
using System.Text;
using System.Text.Json;

namespace AuditKit.Providers;

/// <summary>
/// The JSON that stores keep for changes and metadata: the same canonical bytes the hash covers, so that
/// what is read back hashes the same. Shared by every provider.
/// </summary>
public static class StoredJson
{
    /// <summary>The stored JSON of changes (the canonical bytes the hash covers), or null for none.</summary>
    public static string? WriteChanges(IReadOnlyList<FieldChange> changes, ArrayBufferWriter<byte> buffer)
    {
        if (changes.Count == 0)
        {
            return null;
        }

        buffer.ResetWrittenCount();
        AuditCanonicalForm.WriteChanges(changes, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The stored JSON of metadata (canonical), or null for none.</summary>
    public static string? WriteMetadata(IReadOnlyDictionary<string, JsonElement> metadata, ArrayBufferWriter<byte> buffer)
    {
        if (metadata.Count == 0)
        {
            return null;
        }

        buffer.ResetWrittenCount();
        AuditCanonicalForm.WriteMetadata(metadata, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Changes back from stored (or re-formatted, such as PostgreSQL jsonb) JSON.</summary>
    public static IReadOnlyList<FieldChange> ReadChanges(string json)
    {
        using var document = JsonDocument.Parse(json);
        var list = new List<FieldChange>(document.RootElement.GetArrayLength());
        foreach (var item in document.RootElement.EnumerateArray())
        {
            list.Add(new FieldChange(
                item.GetProperty("field").GetString()!,
                item.GetProperty("old").GetString(),
                item.GetProperty("new").GetString(),
                Enum.Parse<FieldChangeKind>(item.GetProperty("kind").GetString()!),
                item.TryGetProperty("displayName", out var display) ? display.GetString() : null,
                item.TryGetProperty("oldDisplay", out var oldDisplay) ? oldDisplay.GetString() : null,
                item.TryGetProperty("newDisplay", out var newDisplay) ? newDisplay.GetString() : null));
        }

        return list;
    }

    /// <summary>Metadata back from stored JSON.</summary>
    public static IReadOnlyDictionary<string, JsonElement> ReadMetadata(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement.Clone();
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            result[property.Name] = property.Value;
        }

        return result;
    }
}
