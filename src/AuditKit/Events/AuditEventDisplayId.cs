using System.Globalization;

namespace AuditKit;

/// <summary>Formats and parses the readable event identifier (<c>LOG-2026-8456789</c>).</summary>
public static class AuditEventDisplayId
{
    /// <summary>Formats a display id from the event's year, stream and sequence.</summary>
    public static string Format(int year, int streamId, long sequence) =>
        streamId == 1
            ? string.Create(CultureInfo.InvariantCulture, $"LOG-{year:D4}-{sequence}")
            : string.Create(CultureInfo.InvariantCulture, $"LOG-{year:D4}-S{streamId}-{sequence}");

    /// <summary>Parses a display id into its stream and sequence; returns false when the text is not a display id.</summary>
    public static bool TryParse(string? text, out int streamId, out long sequence)
    {
        streamId = 0;
        sequence = 0;
        if (string.IsNullOrEmpty(text) || !text.StartsWith("LOG-", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var parts = text.Split('-');
        if (parts.Length == 3 && parts[1].Length == 4 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            streamId = 1;
            return long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out sequence) && sequence > 0;
        }

        if (parts.Length == 4 && parts[2].Length > 1 && (parts[2][0] == 'S' || parts[2][0] == 's'))
        {
            return int.TryParse(parts[2].AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out streamId) && streamId > 0
                && long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out sequence) && sequence > 0;
        }

        return false;
    }
}
