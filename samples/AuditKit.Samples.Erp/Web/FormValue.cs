using System.Globalization;

namespace AuditKit.Samples.Erp.Web;

/// <summary>Parses form values; a bad value throws <see cref="FormatException"/> with a message for the page.</summary>
internal static class FormValue
{
    private static readonly CultureInfo Money = CultureInfo.GetCultureInfo("en-US");

    public static string Required(string value, int maxLength = 200) =>
        value.Length == 0 ? throw new FormatException("is required.")
        : value.Length > maxLength ? throw new FormatException($"must be at most {maxLength} characters.")
        : value;

    public static string? Optional(string value, int maxLength = 200) =>
        value.Length == 0 ? null : Required(value, maxLength);

    public static decimal Amount(string value) =>
        decimal.TryParse(value.Replace("$", "", StringComparison.Ordinal), NumberStyles.Number, Money, out var amount) && amount is >= 0 and <= 1_000_000_000m
            ? Math.Round(amount, 2)
            : throw new FormatException("must be an amount such as 15000 or 15,000.00.");

    public static int Count(string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 1_000_000
            ? n
            : throw new FormatException("must be a whole number from 0 to 1,000,000.");

    public static DateOnly Date(string value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new FormatException("must be a date such as 2026-01-31.");

    public static string OneOf(string value, params string[] allowed) =>
        allowed.Contains(value, StringComparer.Ordinal) ? value : throw new FormatException($"must be one of {string.Join(", ", allowed)}.");

    public static string Show(decimal amount) => amount.ToString("C", Money);

    public static string Show(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Show(int n) => n.ToString(CultureInfo.InvariantCulture);
}
