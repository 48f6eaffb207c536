using System.Text;

namespace AuditKit;

/// <summary>
/// The parts of an <c>ExecuteUpdate</c>/<c>ExecuteDelete</c> statement as EF Core's relational providers write them
/// (<c>UPDATE "T" AS "t" SET … [FROM …] WHERE …</c>, <c>DELETE FROM "T" AS "t" WHERE …</c>; SQL Server's
/// <c>UPDATE [t] SET … FROM [T] AS [t] WHERE …</c>). Keywords are found at the top level only: outside
/// parentheses, string literals and quoted identifiers.
/// </summary>
internal sealed record BulkStatement(bool IsDelete, string Table, string? Alias, string? Set, string? Where, bool HasFrom)
{
    public static BulkStatement? Parse(string sql)
    {
        var tokens = TopLevelWords(sql);
        if (tokens.Count < 2)
        {
            return null;
        }

        var isDelete = Is(tokens[0], "DELETE");
        if (!isDelete && !Is(tokens[0], "UPDATE"))
        {
            return null;
        }

        int Find(string word, int from = 0) => tokens.FindIndex(from, t => Is(t, word));
        var set = Find("SET");
        var from = Find("FROM", isDelete ? 1 : Math.Max(set, 0));
        var where = Find("WHERE");
        string? Between(int start, int end) => start < 0 ? null : sql[(tokens[start].End)..(end < 0 ? sql.Length : tokens[end].Start)].Trim().TrimEnd(';').Trim();

        string table;
        string? alias;
        bool hasFrom;
        if (isDelete)
        {
            // DELETE FROM "T" AS "t" WHERE …   |   DELETE FROM [t] FROM [T] AS [t] WHERE … (SQL Server)
            var target = Between(Find("FROM"), where);
            var second = Find("FROM", Find("FROM") + 1);
            if (second >= 0)
            {
                target = Between(second, where);
            }

            (table, alias) = TableAndAlias(target);
            hasFrom = false;
        }
        else
        {
            var head = Between(0, set);
            (table, alias) = TableAndAlias(head);
            hasFrom = from >= 0;
            if (hasFrom && alias is null)
            {
                // SQL Server: UPDATE [t] SET … FROM [T] AS [t]
                (table, alias) = TableAndAlias(Between(from, where));
            }
        }

        if (table.Length == 0)
        {
            return null;
        }

        var setText = isDelete ? null : Between(set, from >= 0 ? from : where);
        return new BulkStatement(isDelete, table, alias, setText, where >= 0 ? Between(where, -1) : null, hasFrom);
    }

    private static (string Table, string? Alias) TableAndAlias(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (string.Empty, null);
        }

        var parts = text.Split(" AS ", 2, StringSplitOptions.TrimEntries);
        var name = parts[0].Split(',')[0].Trim();
        var dot = name.LastIndexOf('.');
        var table = Unquote(dot >= 0 && !InsideQuotes(name, dot) ? name[(dot + 1)..] : name);
        return (table, parts.Length > 1 ? parts[1].Split(' ', 2)[0] : null);
    }

    private static bool InsideQuotes(string text, int index) => text[..index].Count(c => c == '"') % 2 == 1;

    public static string Unquote(string name) => name.Trim().Trim('"', '[', ']', '`');

    /// <summary>Splits <paramref name="text"/> at <paramref name="separator"/> outside parentheses, string literals and quoted identifiers.</summary>
    public static List<string> TopLevelSplit(string text, char separator)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (SkipQuoted(text, i) is var skipped and >= 0)
            {
                i = skipped;
                continue;
            }

            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                default:
                    if (depth == 0 && text[i] == separator)
                    {
                        parts.Add(text[start..i]);
                        start = i + 1;
                    }

                    break;
            }
        }

        parts.Add(text[Math.Min(start, text.Length)..]);
        return parts;
    }

    // At a string literal or quoted identifier ('…', "…", `…`, […]): the index of its closing character (the end of
    // the text when unclosed); elsewhere -1.
    private static int SkipQuoted(string text, int i)
    {
        var close = text[i] switch
        {
            '\'' or '"' or '`' => text[i],
            '[' => ']',
            _ => '\0',
        };
        return close == '\0' ? -1 : text.IndexOf(close, i + 1) is var end and >= 0 ? end : text.Length;
    }

    private static bool Is((int Start, int End, string Word) token, string word) => token.Word.Equals(word, StringComparison.OrdinalIgnoreCase);

    // Bare words at nesting depth 0, outside '…', "…", […] and `…`.
    private static List<(int Start, int End, string Word)> TopLevelWords(string sql)
    {
        var words = new List<(int, int, string)>();
        var depth = 0;
        for (var i = 0; i < sql.Length; i++)
        {
            if (SkipQuoted(sql, i) is var skipped and >= 0)
            {
                i = skipped;
                continue;
            }

            var c = sql[i];
            switch (c)
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                default:
                    if (depth == 0 && char.IsLetter(c) && (i == 0 || !char.IsLetterOrDigit(sql[i - 1]) && sql[i - 1] != '_' && sql[i - 1] != '@' && sql[i - 1] != '$' && sql[i - 1] != '.'))
                    {
                        var start = i;
                        var word = new StringBuilder();
                        while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] == '_'))
                        {
                            word.Append(sql[i++]);
                        }

                        words.Add((start, i, word.ToString()));
                        i--;
                    }

                    break;
            }
        }

        return words;
    }
}
