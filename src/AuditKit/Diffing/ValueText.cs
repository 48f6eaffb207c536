using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AuditKit;

/// <summary>The invariant text of scalar values, as <see cref="FieldChange"/> records them.</summary>
internal static class ValueText
{
    public static bool IsScalar(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateTime)
            || type == typeof(DateTimeOffset) || type == typeof(DateOnly) || type == typeof(TimeOnly) || type == typeof(TimeSpan)
            || type == typeof(Guid) || type == typeof(Uri) || type == typeof(Version) || type == typeof(char);
    }

    public static string? Format(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        Enum e => e.ToString(),
        JsonElement j => FormatJson(j),
        JsonValue j => FormatJson(j.GetValue<JsonElement>()),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    public static string? FormatJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => element.GetString(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => element.GetRawText(),
    };

    public static bool DoubleEquals(double a, double b, double tolerance) => a.Equals(b) || Math.Abs(a - b) <= tolerance;

    public static bool NullableDoubleEquals(double? a, double? b, double tolerance) =>
        a.HasValue ? b.HasValue && DoubleEquals(a.Value, b.Value, tolerance) : !b.HasValue;

    public static bool FloatEquals(float a, float b, double tolerance) => a.Equals(b) || Math.Abs(a - b) <= tolerance;

    public static bool NullableFloatEquals(float? a, float? b, double tolerance) =>
        a.HasValue ? b.HasValue && FloatEquals(a.Value, b.Value, tolerance) : !b.HasValue;

    // Exact: the same instant is not enough, the recorded kind and offset must match too.
    public static bool DateTimeEquals(DateTime a, DateTime b) => a.Ticks == b.Ticks && a.Kind == b.Kind;

    public static bool NullableDateTimeEquals(DateTime? a, DateTime? b) => a.HasValue ? b.HasValue && DateTimeEquals(a.Value, b.Value) : !b.HasValue;

    public static bool DateTimeOffsetEquals(DateTimeOffset a, DateTimeOffset b) => a.EqualsExact(b);

    public static bool NullableDateTimeOffsetEquals(DateTimeOffset? a, DateTimeOffset? b) => a.HasValue ? b.HasValue && a.Value.EqualsExact(b.Value) : !b.HasValue;
}
