using System.Globalization;
using System.Text;

namespace AuditKit;

/// <summary>
/// Turns free text into search terms: runs of letters, numbers and private-use characters (Unicode L*, N*, Co,
/// as SQLite FTS5's unicode61 tokenizer), lower-cased (invariant). Everything
/// else (quotes, <c>*</c>, <c>NEAR(</c>, SQL, emoji) separates terms and is never passed to a query
/// language, so no input can inject. At most <see cref="MaxTerms"/> terms of at most <see cref="MaxTermLength"/> characters.
/// </summary>
public static class SearchTerms
{
    /// <summary>The most terms taken from one search.</summary>
    public const int MaxTerms = 16;

    /// <summary>Longer terms are cut to this length (still a prefix, so they still match).</summary>
    public const int MaxTermLength = 64;

    /// <summary>The terms of a search text, in order, without duplicates.</summary>
    public static IReadOnlyList<string> Parse(string? text)
    {
        var terms = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return terms;
        }

        foreach (var word in Words(text))
        {
            var term = word.Length > MaxTermLength ? word[..MaxTermLength] : word;
            if (!terms.Contains(term))
            {
                terms.Add(term);
                if (terms.Count == MaxTerms)
                {
                    break;
                }
            }
        }

        return terms;
    }

    /// <summary>The lower-cased words of a text (what a term must be a prefix of).</summary>
    public static IEnumerable<string> Words(string text)
    {
        var current = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (IsWordChar(text, i, out var width))
            {
                current.Append(text, i, width);
            }
            else if (current.Length > 0)
            {
                yield return current.ToString().ToLowerInvariant();
                current.Clear();
            }

            i += width - 1;
        }

        if (current.Length > 0)
        {
            yield return current.ToString().ToLowerInvariant();
        }
    }

    private static bool IsWordChar(string text, int index, out int width)
    {
        width = char.IsSurrogatePair(text, index) ? 2 : 1;
        var category = width == 2
            ? CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(text[index], text[index + 1]))
            : CharUnicodeInfo.GetUnicodeCategory(text[index]);
        return category is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber
            or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber or UnicodeCategory.PrivateUse;
    }
}
