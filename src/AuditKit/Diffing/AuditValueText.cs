namespace AuditKit.Providers;

/// <summary>
/// The invariant text that <see cref="FieldChange"/> records for a scalar value (numbers round-trip, dates ISO 8601,
/// booleans <c>true</c>/<c>false</c>, enums by name), for a capture integration that builds changes itself so that its
/// values read the same as the change detector's.
/// </summary>
public static class AuditValueText
{
    /// <summary>The recorded text of <paramref name="value"/>, or <see langword="null"/> for null.</summary>
    /// <param name="value">A scalar value (or a JSON element).</param>
    /// <returns>The text.</returns>
    public static string? Format(object? value) => ValueText.Format(value);
}
