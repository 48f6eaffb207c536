using System.Globalization;

namespace AuditKit.AspNetCore;

/// <summary>
/// Parses the audit API's query and route values, collecting one message per bad field (the 400 problem's
/// <c>errors</c>, keyed by the parameter's name). Nothing a client sends reaches the reader unchecked.
/// </summary>
internal sealed class ApiRequestReader
{
    /// <summary>The longest identifier value accepted (actor id, role, entity type, record id…), as events store them.</summary>
    public const int MaxIdentifier = 256;

    private static readonly DateTimeOffset MinTime = new(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset MaxTime = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public Dictionary<string, string[]> Errors { get; } = new(StringComparer.Ordinal);

    public bool IsValid => Errors.Count == 0;

    public void Fail(string field, string message) => Errors.TryAdd(field, [message]);

    public string? Identifier(string field, string? value, bool required = false)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                Fail(field, $"'{field}' is required.");
            }

            return null;
        }

        if (value.Length > MaxIdentifier)
        {
            Fail(field, $"'{field}' has {value.Length} characters; at most {MaxIdentifier} are allowed.");
            return null;
        }

        return value;
    }

    public string? Text(string field, string? value, int maxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value.Length > maxLength)
        {
            Fail(field, $"'{field}' has {value.Length} characters; at most {maxLength} are allowed.");
            return null;
        }

        return value;
    }

    public IReadOnlyList<string>? Identifiers(string field, string[]? values)
    {
        if (values is null || values.Length == 0)
        {
            return null;
        }

        if (values.Length > AuditQuery.MaxListValues)
        {
            Fail(field, $"'{field}' has {values.Length} values; at most {AuditQuery.MaxListValues} are allowed.");
            return null;
        }

        var result = new List<string>(values.Length);
        foreach (var value in values)
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            if (Identifier(field, value) is { } ok)
            {
                result.Add(ok);
            }
            else
            {
                return null;
            }
        }

        return result.Count == 0 ? null : result;
    }

    public IReadOnlyList<T>? Enums<T>(string field, string[]? values)
        where T : struct, Enum
    {
        if (values is null || values.Length == 0)
        {
            return null;
        }

        if (values.Length > AuditQuery.MaxListValues)
        {
            Fail(field, $"'{field}' has {values.Length} values; at most {AuditQuery.MaxListValues} are allowed.");
            return null;
        }

        var result = new List<T>(values.Length);
        foreach (var value in values)
        {
            if (Enum<T>(field, value) is { } parsed)
            {
                result.Add(parsed);
            }
            else if (!string.IsNullOrEmpty(value))
            {
                return null;
            }
        }

        return result.Count == 0 ? null : result;
    }

    public T? Enum<T>(string field, string? value)
        where T : struct, Enum
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        // Names only: Enum.TryParse would also take "7" or "1,2".
        foreach (var name in System.Enum.GetNames<T>())
        {
            if (string.Equals(name, value, StringComparison.OrdinalIgnoreCase))
            {
                return System.Enum.Parse<T>(name);
            }
        }

        Fail(field, $"'{field}' must be one of {string.Join(", ", System.Enum.GetNames<T>())}.");
        return null;
    }

    public DateTimeOffset? Time(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value.Length > 64 || !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            Fail(field, $"'{field}' must be an ISO 8601 date or time, such as 2026-01-22 or 2026-01-22T10:45:32Z.");
            return null;
        }

        if (time < MinTime || time >= MaxTime)
        {
            Fail(field, $"'{field}' must be between 1970-01-01 and 9999-01-01.");
            return null;
        }

        return time;
    }

    public int Int(string field, string? value, int defaultValue, int min, int max)
    {
        if (string.IsNullOrEmpty(value))
        {
            return defaultValue;
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            Fail(field, $"'{field}' must be a whole number from {min} to {max}.");
            return defaultValue;
        }

        return number;
    }

    public TimeZoneInfo Zone(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return TimeZoneInfo.Utc;
        }

        if (value.Length <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(value, out var zone))
        {
            return zone;
        }

        Fail(field, $"'{field}' must be an IANA time zone id such as Europe/Berlin or America/New_York.");
        return TimeZoneInfo.Utc;
    }

    public void Range(DateTimeOffset? from, DateTimeOffset? to)
    {
        if (from is { } f && to is { } t && f > t)
        {
            Fail("from", "'from' is after 'to'.");
        }
    }
}
