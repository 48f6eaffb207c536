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

    /// <summary><see cref="Clean"/> for an optional value.</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(value))]
    public static string? CleanOrNull(string? value) => value is null ? null : Clean(value);

    /// <summary>
    /// <see cref="Clean"/> for each value of a list (query filters); returns the same list when nothing needs
    /// replacing and keeps null entries for validation to report.
    /// </summary>
    public static IReadOnlyList<string>? CleanAll(IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return null;
        }

        string[]? copy = null;
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            var clean = value is null ? null : Clean(value);
            if (copy is null && !ReferenceEquals(clean, value))
            {
                copy = new string[values.Count];
                for (var j = 0; j < i; j++)
                {
                    copy[j] = values[j];
                }
            }

            if (copy is not null)
            {
                copy[i] = clean!;
            }
        }

        return copy ?? values;
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
