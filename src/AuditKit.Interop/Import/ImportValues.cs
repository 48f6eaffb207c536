using System.Globalization;
using System.Text.Json;

namespace AuditKit.Interop;

/// <summary>Conversions shared by the import mappings.</summary>
internal static class ImportValues
{
    /// <summary>Longest text kept in an import metadata value (the store's limit is 64 KB of JSON).</summary>
    public const int MaxMetadataText = 16_384;

    /// <summary>A JSON value as change text: strings as they are, null as null, numbers and booleans as written, objects as JSON.</summary>
    public static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetString(),
        _ => value.GetRawText(),
    };

    /// <summary>A timestamp: with an offset as given, without one in <paramref name="zone"/>.</summary>
    public static DateTimeOffset Time(DateTime value, TimeZoneInfo zone) => value.Kind switch
    {
        DateTimeKind.Utc => new DateTimeOffset(value, TimeSpan.Zero),
        DateTimeKind.Local => new DateTimeOffset(value),
        _ => new DateTimeOffset(value, zone.GetUtcOffset(value)).ToUniversalTime(),
    };

    /// <summary>Parses a timestamp text: ISO 8601 with or without an offset ("2024-01-02 10:00:00.123" as SQLite keeps them).</summary>
    public static DateTimeOffset ParseTime(string text, TimeZoneInfo zone, string field)
    {
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind | DateTimeStyles.AllowWhiteSpaces, out var value))
        {
            throw new InvalidDataException($"{field} is not a date and time: '{Clip(text, 64)}'.");
        }

        return Time(value, zone);
    }

    public static string Clip(string text, int max = MaxMetadataText) => text.Length <= max ? text : text[..max];

    /// <summary>The text after the last '.' of a type's full name ("Acme.Crm.Customer" → "Customer").</summary>
    public static string ShortTypeName(string fullName)
    {
        var plus = fullName.LastIndexOfAny(['.', '+']);
        return plus < 0 || plus == fullName.Length - 1 ? fullName : fullName[(plus + 1)..];
    }
}
