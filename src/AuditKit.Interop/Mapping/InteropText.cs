using System.Text;

namespace AuditKit.Interop;

/// <summary>Text clean-up shared by the mappings.</summary>
internal static class InteropText
{
    /// <summary>
    /// Replaces unpaired UTF-16 surrogates with U+FFFD: every output format here is UTF-8, which cannot carry them, and
    /// System.Text.Json refuses them. Returns the same instance when the text is valid (the common case).
    /// </summary>
    public static string Valid(string value)
    {
        var index = IndexOfInvalid(value);
        if (index < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        builder.Append(value, 0, index);
        for (var i = index; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[++i]);
            }
            else
            {
                builder.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        return builder.ToString();
    }

    private static int IndexOfInvalid(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (!char.IsSurrogate(c))
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            return i;
        }

        return -1;
    }
}
