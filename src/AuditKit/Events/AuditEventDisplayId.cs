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

    /// <summary>
    /// Parses a display id into its stream and sequence; returns false when the text is not a display id. The year
    /// is not returned: an event found by stream and sequence is only this display id's event when its year
    /// matches too (<see cref="Matches"/>, <see cref="AuditStore.GetAsync(string, CancellationToken)"/>).
    /// </summary>
    public static bool TryParse(string? text, out int streamId, out long sequence) => TryParse(text, out _, out streamId, out sequence);

    /// <summary>Parses a display id into its year, stream and sequence; returns false when the text is not a display id.</summary>
    public static bool TryParse(string? text, out int year, out int streamId, out long sequence)
    {
        year = 0;
        streamId = 0;
        sequence = 0;
        if (string.IsNullOrEmpty(text) || !text.StartsWith("LOG-", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var parts = text.Split('-');
        if (parts.Length < 3 || parts[1].Length != 4 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out year))
        {
            return false;
        }

        if (parts.Length == 3)
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

    /// <summary>
    /// Whether <paramref name="e"/> is the event <paramref name="displayId"/> names: same stream, sequence and year
    /// (<c>LOG-1999-77</c> is not <c>LOG-2026-77</c>). Case-insensitive like <see cref="TryParse(string?, out int, out long)"/>.
    /// </summary>
    public static bool Matches(string? displayId, AuditEvent? e) =>
        e is not null && TryParse(displayId, out var year, out var streamId, out var sequence)
        && e.StreamId == streamId && e.Sequence == sequence && e.Timestamp.Year == year;
}
