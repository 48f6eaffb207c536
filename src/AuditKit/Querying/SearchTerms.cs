using System.Globalization;
using System.Text;

namespace AuditKit;

/// <summary>
/// Turns free text into search terms, and indexed text into words, by one rule that every store applies
/// (docs/search.md): the text is normalised to Unicode NFKC (decomposed and composed accents, full-width
/// letters and ligatures become one form); a word is a run of letters, numbers or private-use characters
/// (Unicode L*, N*, Co) with the combining marks (M*) that follow them; words are folded to lower case by the invariant simple
/// mapping, with <c>İ</c> → <c>i</c> and final sigma <c>ς</c> → <c>σ</c>. Accents stay significant (<c>café</c> ≠
/// <c>cafe</c>), as do <c>ß</c> (≠ <c>ss</c>) and the dotless <c>ı</c> (≠ <c>i</c>). A term matches a whole word of the
/// event, or, when the text has a <c>*</c> right after it (<c>wareh*</c>), any word that starts with it.
/// Everything else (quotes, <c>NEAR(</c>, SQL, emoji) only separates terms and never reaches a query language,
/// so no input can inject. At most <see cref="MaxTerms"/> terms of at most <see cref="MaxTermLength"/> characters.
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

        text = Normalize(text);
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

    /// <summary>The folded words of a text (what terms are compared with).</summary>
    public static IEnumerable<string> Words(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return WordsWithEnds(Normalize(text)).Select(w => w.Word);
    }

    /// <summary>The folded words of a text joined by single spaces: what a store's own tokenizer indexes unchanged.</summary>
    internal static string IndexText(string text)
    {
        if (System.Text.Ascii.IsValid(text))
        {
            return AsciiIndexText(text);
        }

        var b = new StringBuilder(text.Length);
        foreach (var (word, _) in WordsWithEnds(Normalize(text)))
        {
            if (b.Length > 0)
            {
                b.Append(' ');
            }

            b.Append(word);
        }

        return b.ToString();
    }

    // ASCII text (nearly every event): the same rule in one pass without a string per word. In ASCII the word
    // characters are exactly the letters and digits (no marks, nothing to normalise) and folding is A-Z → a-z.
    private static string AsciiIndexText(string text)
    {
        return string.Create(CountAsciiIndexText(text), text, static (output, text) =>
        {
            var n = 0;
            var inWord = false;
            foreach (var c in text)
            {
                if (char.IsAsciiLetterOrDigit(c))
                {
                    if (!inWord && n > 0)
                    {
                        output[n++] = ' ';
                    }

                    output[n++] = char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c;
                    inWord = true;
                }
                else
                {
                    inWord = false;
                }
            }
        });
    }

    private static int CountAsciiIndexText(string text)
    {
        var length = 0;
        var inWord = false;
        foreach (var c in text)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                length += !inWord && length > 0 ? 2 : 1;
                inWord = true;
            }
            else
            {
                inWord = false;
            }
        }

        return length;
    }

    /// <summary>NFKC, with unpaired surrogates (which cannot be normalised) replaced by U+FFFD, a separator.</summary>
    private static string Normalize(string text)
    {
        if (System.Text.Ascii.IsValid(text))
        {
            return text; // ASCII is its own NFKC
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsSurrogate(text[i]) && !char.IsSurrogatePair(text, i) && (i == 0 || !char.IsSurrogatePair(text, i - 1)))
            {
                var chars = text.ToCharArray();
                for (var j = i; j < chars.Length; j++)
                {
                    if (char.IsHighSurrogate(chars[j]) && j + 1 < chars.Length && char.IsLowSurrogate(chars[j + 1]))
                    {
                        j++;
                    }
                    else if (char.IsSurrogate(chars[j]))
                    {
                        chars[j] = '\uFFFD';
                    }
                }

                text = new string(chars);
                break;
            }
        }

        return text.IsNormalized(NormalizationForm.FormKC) ? text : text.Normalize(NormalizationForm.FormKC);
    }

    private static IEnumerable<(string Word, int End)> WordsWithEnds(string text)
    {
        var start = -1;
        var i = 0;
        while (i < text.Length)
        {
            var kind = CharKind(text, i, out var width);
            var isWord = kind == Kind.Word || (kind == Kind.Mark && start >= 0); // a mark belongs to the word it follows
            if (isWord && start < 0)
            {
                start = i;
            }
            else if (!isWord && start >= 0)
            {
                yield return (Fold(text.AsSpan(start, i - start)), i);
                start = -1;
            }

            i += width;
        }

        if (start >= 0)
        {
            yield return (Fold(text.AsSpan(start)), text.Length);
        }
    }

    private static string Fold(ReadOnlySpan<char> word)
    {
        var folded = new string(word).ToLowerInvariant();
        if (System.Text.Ascii.IsValid(folded))
        {
            return folded;
        }

        // The invariant mapping leaves İ (whose Unicode lower case is i) and the final sigma as they are.
        folded = folded.Replace('\u0130', 'i').Replace('\u03C2', '\u03C3');
        return folded.IsNormalized(NormalizationForm.FormKC) ? folded : folded.Normalize(NormalizationForm.FormKC);
    }

    private static Kind CharKind(string text, int index, out int width)
    {
        width = char.IsSurrogatePair(text, index) ? 2 : 1;
        var category = width == 2
            ? CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(text[index], text[index + 1]))
            : CharUnicodeInfo.GetUnicodeCategory(text[index]);
        return category switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter
                or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
                or UnicodeCategory.PrivateUse => Kind.Word,
            UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark => Kind.Mark,
            _ => Kind.Separator,
        };
    }

    private enum Kind
    {
        Separator,
        Word,
        Mark,
    }
}

/// <summary>One search term: a whole word, or a word prefix.</summary>
/// <param name="Text">The folded term (<see cref="SearchTerms"/>).</param>
/// <param name="Prefix">Whether it matches words that start with it rather than whole words only.</param>
public readonly record struct SearchTerm(string Text, bool Prefix)
{
    /// <summary>Whether a folded word matches this term.</summary>
    public bool Matches(string word) => Prefix ? word.StartsWith(Text, StringComparison.Ordinal) : word == Text;
}
