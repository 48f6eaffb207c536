using System.Globalization;
using System.Text;
using PdfSharp.Drawing;

namespace AuditKit.Reports.Rendering;

/// <summary>Text for the PDF: cleaned, measured with a per-character cache, wrapped inside a width, cut with "…".</summary>
internal sealed partial class PdfReportWriter
{
    private const string Ellipsis = "…";

    /// <summary>
    /// What the PDF shows of a value: surrogates and NUL cleaned, other control characters and bidirectional
    /// controls (which would reorder what a viewer shows) as spaces or dropped, characters the font has no glyph for
    /// (emoji with DejaVu) as U+FFFD; line breaks kept.
    /// </summary>
    private string Plain(string? text)
    {
        text = Controls(text);
        if (_coverage is null || text.Length == 0)
        {
            return text;
        }

        StringBuilder? builder = null;
        var index = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var covered = rune.Value == '\n' || _coverage.Covers(rune.Value);
            if (!covered && builder is null)
            {
                builder = new StringBuilder(text.Length).Append(text, 0, index);
            }

            if (covered)
            {
                builder?.Append(text, index, rune.Utf16SequenceLength);
            }
            else
            {
                builder!.Append(SafeText.Replacement);
            }

            index += rune.Utf16SequenceLength;
        }

        return builder?.ToString() ?? text;
    }

    private static string Controls(string? text)
    {
        text = SafeText.Clean(text);
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        StringBuilder? builder = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var replacement = c switch
            {
                '\n' => "\n",
                '\r' => i + 1 < text.Length && text[i + 1] == '\n' ? "" : "\n",
                '\t' => " ",
                < ' ' or (>= '\u007f' and <= '\u009f') => " ",
                '\u200e' or '\u200f' or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069') or '\u061c' => "",
                _ => null,
            };
            if (replacement is null)
            {
                builder?.Append(c);
                continue;
            }

            builder ??= new StringBuilder(text.Length).Append(text, 0, i);
            builder.Append(replacement);
        }

        return builder?.ToString() ?? text;
    }

    private List<string> Wrap(string text, double width, XFont font, int maxLines)
    {
        var lines = new List<string>(1);
        var truncated = false;
        foreach (var paragraph in text.Split('\n'))
        {
            var line = new StringBuilder();
            double lineWidth = 0;
            foreach (var word in paragraph.Split(' '))
            {
                var wordWidth = Measure(word, font);
                var space = line.Length == 0 ? 0 : Measure(" ", font);
                if (lineWidth + space + wordWidth <= width)
                {
                    if (line.Length > 0)
                    {
                        line.Append(' ');
                    }

                    line.Append(word);
                    lineWidth += space + wordWidth;
                    continue;
                }

                if (line.Length > 0)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                    lineWidth = 0;
                }

                // A word wider than the cell is broken between text elements (never inside a surrogate pair).
                var elements = StringInfo.GetTextElementEnumerator(word);
                while (elements.MoveNext())
                {
                    var element = (string)elements.Current;
                    var elementWidth = Measure(element, font);
                    if (lineWidth + elementWidth > width && line.Length > 0)
                    {
                        lines.Add(line.ToString());
                        line.Clear();
                        lineWidth = 0;
                    }

                    line.Append(element);
                    lineWidth += elementWidth;
                }
            }

            lines.Add(line.ToString());
            if (lines.Count > maxLines)
            {
                truncated = true;
                break;
            }
        }

        if (lines.Count > maxLines || truncated)
        {
            lines.RemoveRange(maxLines, lines.Count - maxLines);
            lines[^1] = Fit(lines[^1] + Ellipsis, width, font, force: true);
        }

        return lines;
    }

    /// <summary>The text, cut and ended with "…" when it is wider than <paramref name="width"/>.</summary>
    private string Fit(string text, double width, XFont font, bool force = false)
    {
        if (!force && Measure(text, font) <= width)
        {
            return text;
        }

        var body = text.EndsWith(Ellipsis, StringComparison.Ordinal) ? text[..^1] : text;
        var ellipsis = Measure(Ellipsis, font);
        var builder = new StringBuilder();
        double used = 0;
        var elements = StringInfo.GetTextElementEnumerator(body);
        while (elements.MoveNext())
        {
            var element = (string)elements.Current;
            var w = Measure(element, font);
            if (used + w + ellipsis > width)
            {
                break;
            }

            builder.Append(element);
            used += w;
        }

        return builder.Append(Ellipsis).ToString();
    }

    private double Measure(string text, XFont font)
    {
        double width = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length)
            {
                width += _graphics.MeasureString(text.Substring(i, 2), font).Width;
                i++;
                continue;
            }

            if (!_widths.TryGetValue((font, c), out var w))
            {
                w = _graphics.MeasureString(c.ToString(), font).Width;
                _widths[(font, c)] = w;
            }

            width += w;
        }

        return width;
    }
}
