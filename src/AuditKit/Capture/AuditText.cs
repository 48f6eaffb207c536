using System.Buffers;
using System.Text;

namespace AuditKit;

/// <summary>Text hygiene shared by capture and the stores.</summary>
internal static class AuditText
{
    // NUL and every UTF-16 surrogate: the slow path checks whether a surrogate is part of a valid pair.
    private static readonly SearchValues<char> Suspicious = SearchValues.Create(BuildSuspicious());

    /// <summary>
    /// Replaces lone surrogates and NUL characters with U+FFFD. Such text cannot be stored as UTF-8 (SQLite,
    /// PostgreSQL) without silently changing, which would break the hash chain; replacing it here keeps the
    /// stored text and the hashed text identical. Returns the same instance when nothing needs replacing.
    /// </summary>
    public static string Clean(string value)
    {
        var index = value.AsSpan().IndexOfAny(Suspicious);
        return index < 0 ? value : CleanSlow(value, index);
    }

    private static string CleanSlow(string value, int start)
    {
        StringBuilder? builder = null;
        for (var i = start; i < value.Length; i++)
        {
            var c = value[i];
            bool bad;
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    if (builder is not null)
                    {
                        builder.Append(c).Append(value[i + 1]);
                    }

                    i++;
                    continue;
                }

                bad = true;
            }
            else
            {
                bad = c == '\0' || char.IsLowSurrogate(c);
            }

            if (bad && builder is null)
            {
                builder = new StringBuilder(value.Length);
                builder.Append(value, 0, i);
            }

            builder?.Append(bad ? '\uFFFD' : c);
        }

        return builder?.ToString() ?? value;
    }

    /// <summary>Cuts text to at most <paramref name="max"/> characters including the marker, never splitting a surrogate pair.</summary>
    public static string Truncate(string value, int max)
    {
        if (value.Length <= max)
        {
            return value;
        }

        var keep = Math.Max(0, max - AuditLimits.TruncationMarker.Length);
        if (keep > 0 && char.IsHighSurrogate(value[keep - 1]))
        {
            keep--;
        }

        return string.Concat(value.AsSpan(0, keep), AuditLimits.TruncationMarker);
    }

    private static char[] BuildSuspicious()
    {
        var chars = new char[1 + 0x800];
        chars[0] = '\0';
        for (var i = 0; i < 0x800; i++)
        {
            chars[i + 1] = (char)(0xD800 + i);
        }

        return chars;
    }
}
