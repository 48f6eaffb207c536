namespace AuditKit.Docs.Tests.Support;

/// <summary>A fenced code block of a Markdown file.</summary>
/// <param name="File">The file, relative to the repository root.</param>
/// <param name="Line">The 1-based line of the block's first code line (the line after the opening fence).</param>
/// <param name="Language">The fence's info string (<c>csharp</c>).</param>
/// <param name="Code">The code between the fences.</param>
/// <param name="Directives">The words of a <c>&lt;!-- docs-test: ... --&gt;</c> comment on the line before the fence.</param>
public sealed record CodeBlock(string File, int Line, string Language, string Code, IReadOnlyList<string> Directives)
{
    public override string ToString() => $"{File}:{Line}";
}

/// <summary>A Markdown table: its header cells and rows of cells, with the line of each row.</summary>
internal sealed record MarkdownTable(string File, int Line, IReadOnlyList<string> Header, IReadOnlyList<(int Line, IReadOnlyList<string> Cells)> Rows);

/// <summary>Just enough Markdown: fenced code blocks and pipe tables.</summary>
internal static class Markdown
{
    public const string DirectivePrefix = "<!-- docs-test:";

    public static List<CodeBlock> CodeBlocks(string file, string text)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var blocks = new List<CodeBlock>();
        for (var i = 0; i < lines.Length; i++)
        {
            var open = lines[i].TrimStart();
            if (!open.StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }

            var language = open[3..].Trim();
            var start = i + 1;
            var end = start;
            while (end < lines.Length && !lines[end].TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                end++;
            }

            var previous = i > 0 ? lines[i - 1].Trim() : string.Empty;
            var directives = previous.StartsWith(DirectivePrefix, StringComparison.Ordinal) && previous.EndsWith("-->", StringComparison.Ordinal)
                ? previous[DirectivePrefix.Length..^3].Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : [];
            blocks.Add(new CodeBlock(file, start + 1, language, string.Join('\n', lines[start..Math.Min(end, lines.Length)]), directives));
            i = end;
        }

        return blocks;
    }

    public static List<MarkdownTable> Tables(string file, string text)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var tables = new List<MarkdownTable>();
        var inFence = false;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }

            if (inFence || !IsRow(lines[i]) || i + 1 >= lines.Length || !IsSeparator(lines[i + 1]))
            {
                continue;
            }

            var header = Cells(lines[i]);
            var rows = new List<(int, IReadOnlyList<string>)>();
            var j = i + 2;
            for (; j < lines.Length && IsRow(lines[j]); j++)
            {
                rows.Add((j + 1, Cells(lines[j])));
            }

            tables.Add(new MarkdownTable(file, i + 1, header, rows));
            i = j - 1;
        }

        return tables;
    }

    private static bool IsRow(string line) => line.TrimStart().StartsWith('|');

    private static bool IsSeparator(string line) => IsRow(line) && line.Trim().Trim('|').Split('|').All(c => c.Trim().Trim(':').Length > 0 && c.Trim().Trim(':').All(ch => ch == '-'));

    // Splits on pipes outside `code spans` (a pipe inside backticks is part of the cell).
    private static List<string> Cells(string line)
    {
        var cells = new List<string>();
        var text = line.Trim();
        text = text.StartsWith('|') ? text[1..] : text;
        text = text.EndsWith('|') && !text.EndsWith("\\|", StringComparison.Ordinal) ? text[..^1] : text;
        var current = new System.Text.StringBuilder();
        var inCode = false;
        foreach (var c in text)
        {
            if (c == '`')
            {
                inCode = !inCode;
            }

            if (c == '|' && !inCode)
            {
                cells.Add(current.ToString().Trim());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        cells.Add(current.ToString().Trim());
        return cells;
    }
}
