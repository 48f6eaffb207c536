using System.Text;

namespace AuditKit;

/// <summary>
/// Fills an alert message template's <c>{placeholder}</c>s (see <see cref="AlertNotification.Lookup"/> for the names).
/// The template is the administrator's text and is kept as written; every value put into it goes through the channel's
/// escape function, so event data cannot add markup, links or mentions. <c>{{</c> and <c>}}</c> write literal braces; an
/// unknown placeholder is left as written.
/// </summary>
public static class AlertTemplate
{
    /// <summary>The template used when a rule has no message.</summary>
    public const string Default = "{rule_name}: {action} by {user_name} on {entity_type} at {timestamp}";

    /// <summary>Renders <paramref name="template"/>.</summary>
    /// <param name="template">The template text.</param>
    /// <param name="lookup">Returns a placeholder's value, or null when it is unknown.</param>
    /// <param name="escape">Escapes a value for the channel (HTML, Slack mrkdwn, none).</param>
    /// <returns>The message.</returns>
    public static string Render(string template, Func<string, string?> lookup, Func<string, string> escape)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(lookup);
        ArgumentNullException.ThrowIfNull(escape);
        var text = new StringBuilder(template.Length + 64);
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if ((c == '{' || c == '}') && i + 1 < template.Length && template[i + 1] == c)
            {
                text.Append(c);
                i++;
                continue;
            }

            var end = c == '{' ? template.IndexOf('}', i + 1) : -1;
            if (end > i + 1 && IsName(template.AsSpan(i + 1, end - i - 1)) && lookup(template[(i + 1)..end]) is { } value)
            {
                text.Append(escape(value));
                i = end;
                continue;
            }

            text.Append(c);
        }

        return text.ToString();
    }

    private static bool IsName(ReadOnlySpan<char> name)
    {
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
