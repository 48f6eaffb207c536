using System.Globalization;
using System.Text;

namespace AuditKit;

/// <summary>
/// Turns free text into search terms. A term is a run of letters, numbers or private-use characters
/// (Unicode L*, N*, Co, as SQLite FTS5's unicode61 tokenizer), lower-cased (invariant); it matches a whole
/// word of the event, or, when the text has a <c>*</c> right after it (<c>wareh*</c>), any word that starts
/// with it. Everything else (quotes, <c>NEAR(</c>, SQL, emoji) only separates terms and never reaches a
/// query language, so no input can inject. At most <see cref="MaxTerms"/> terms of at most
/// <see cref="MaxTermLength"/> characters.
/// </summary>
public static class SearchTerms
{
    /// <summary>The most terms taken from one search.</summary>
    public const int MaxTerms = 16;

    /// <summary>Longer terms are cut to this length and become prefix terms.</summary>
    public const int MaxTermLength = 64;

    /// <summary>The terms of a search text, in order, without duplicates.</summary>
    public static IReadOnlyList<SearchTerm> Parse(string? text)
    {
        var terms = new List<SearchTerm>();
        if (string.IsNullOrEmpty(text))
        {
            return terms;
        }

        foreach (var (word, end) in WordsWithEnds(text))
        {
            var prefix = end < text.Length && text[end] == '*';
            var term = word.Length > MaxTermLength ? new SearchTerm(word[..MaxTermLength], true) : new SearchTerm(word, prefix);
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

    /// <summary>The lower-cased words of a text (what terms are compared with).</summary>
    public static IEnumerable<string> Words(string text) => WordsWithEnds(text).Select(w => w.Word);

    private static IEnumerable<(string Word, int End)> WordsWithEnds(string text)
    {
        var current = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var isWord = IsWordChar(text, i, out var width);
            if (isWord)
            {
                current.Append(text, i, width);
            }
            else if (current.Length > 0)
            {
                yield return (current.ToString().ToLowerInvariant(), i);
                current.Clear();
            }

            i += width;
        }

        if (current.Length > 0)
        {
            yield return (current.ToString().ToLowerInvariant(), text.Length);
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

/// <summary>One search term: a whole word, or a word prefix.</summary>
/// <param name="Text">The lower-cased term.</param>
/// <param name="Prefix">Whether it matches words that start with it rather than whole words only.</param>
public readonly record struct SearchTerm(string Text, bool Prefix)
{
    /// <summary>Whether a lower-cased word matches this term.</summary>
    public bool Matches(string word) => Prefix ? word.StartsWith(Text, StringComparison.Ordinal) : word == Text;
}
