using System.Buffers;
using System.Text.Json;

namespace AuditKit;

/// <summary>Builds <see cref="AuditEvent.Metadata"/> dictionaries from plain .NET values.</summary>
public static class AuditMetadata
{
    /// <summary>
    /// The metadata key of an Update event that changed fields without recording their new values (an EF Core
    /// <c>ExecuteUpdate</c> captured without per-row values): a JSON array of the field names. The reader's
    /// <see cref="IAuditReader.GetStateAtAsync"/> reports such fields in <see cref="RecordState.UnknownFields"/>.
    /// </summary>
    public const string UnknownFields = "unknown_fields";

    /// <summary>Creates metadata from key/value pairs. Values may be null, strings, booleans, integers, decimals, doubles, dates, GUIDs or <see cref="JsonElement"/>s.</summary>
    /// <exception cref="ArgumentException">A key is empty or repeated, or a value has an unsupported type.</exception>
    public static IReadOnlyDictionary<string, JsonElement> Create(params ReadOnlySpan<(string Key, object? Value)> items)
    {
        var result = new Dictionary<string, JsonElement>(items.Length, StringComparer.Ordinal);
        foreach (var (key, value) in items)
        {
            ArgumentException.ThrowIfNullOrEmpty(key, "Metadata key");
            if (!result.TryAdd(key, ToJson(value, key)))
            {
                throw new ArgumentException($"Metadata key '{key}' is given more than once.", nameof(items));
            }
        }

        return result;
    }

    /// <summary>Converts a plain .NET value to a JSON value for metadata.</summary>
    /// <exception cref="ArgumentException">The value's type is not supported.</exception>
    public static JsonElement ToJson(object? value, string key = "value")
    {
        if (value is JsonElement element)
        {
            return element.Clone();
        }

        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            switch (value)
            {
                case null: writer.WriteNullValue(); break;
                case string s: writer.WriteStringValue(s); break;
                case bool b: writer.WriteBooleanValue(b); break;
                case int i: writer.WriteNumberValue(i); break;
                case long l: writer.WriteNumberValue(l); break;
                case short sh: writer.WriteNumberValue(sh); break;
                case byte by: writer.WriteNumberValue(by); break;
                case uint ui: writer.WriteNumberValue(ui); break;
                case ulong ul: writer.WriteNumberValue(ul); break;
                case decimal m: writer.WriteNumberValue(m); break;
                case double d when double.IsFinite(d): writer.WriteNumberValue(d); break;
                case float f when float.IsFinite(f): writer.WriteNumberValue(f); break;
                case DateTimeOffset dto: writer.WriteStringValue(dto.ToUniversalTime()); break;
                case DateTime dt: writer.WriteStringValue(dt); break;
                case DateOnly date: writer.WriteStringValue(date.ToString("O", System.Globalization.CultureInfo.InvariantCulture)); break;
                case Guid g: writer.WriteStringValue(g); break;
                case Enum e: writer.WriteStringValue(e.ToString()); break;
                default:
                    throw new ArgumentException($"Metadata '{key}' has a value of type {value.GetType().Name}, which is not supported; use a string, number, boolean, date, GUID or JsonElement.", nameof(value));
            }
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
