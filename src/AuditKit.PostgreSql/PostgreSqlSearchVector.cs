using System.Buffers.Binary;
using System.Text;
using NpgsqlTypes;

namespace AuditKit.PostgreSql;

/// <summary>
/// An event's <c>search</c> tsvector: its words as the in-memory and SQLite stores tokenize them
/// (<see cref="SearchDocument.IndexText"/>, the words of <see cref="SearchTerms.Words"/>), so all stores match alike;
/// each distinct word one lexeme without positions. Capped so that any event fits PostgreSQL's limits: the first
/// 4,000 words, each cut to 200 characters (199 rather than split a surrogate pair), and at most 1,000,000 bytes of lexemes (PostgreSQL refuses a tsvector whose
/// lexemes pass 1 MB — 4,000 words of 200 CJK characters are 2.4 MB).
/// </summary>
internal static class PostgreSqlSearchVector
{
    private const int MaxWords = 4_000;
    private const int MaxWordLength = 200;
    private const int MaxLexemeBytes = 1_000_000;

    /// <summary>The vector as Npgsql's type (statement parameters: the pipelined batch, erasure, schema rebuilds).</summary>
    public static NpgsqlTsVector Create(AuditEvent e)
    {
        // Words hold only letters and digits (no quote, backslash or space), so each quoted word is one lexeme as is:
        // the client-side parsing Npgsql warns about (PostgreSQL's normalisation rules) never comes into play.
        var words = Lexemes(e);
        var text = new StringBuilder(words.Count * 8);
        foreach (var word in words)
        {
            text.Append('\'').Append(word).Append("' ");
        }

#pragma warning disable CS0618
        return NpgsqlTsVector.Parse(text.ToString());
#pragma warning restore CS0618
    }

    /// <summary>
    /// The vector in PostgreSQL's binary wire format (<c>tsvector_send</c>: the lexeme count, then each lexeme's UTF-8
    /// bytes, a NUL and a zero position count), lexemes in the server's order (bytewise, a prefix first), for the binary
    /// COPY: the server then takes them as they are. <see cref="Create"/> sorts with a culture-aware comparison inside
    /// Npgsql, ~3x the cost of the whole vector here (docs/benchmarks.md, "search vector").
    /// </summary>
    public static byte[] Binary(AuditEvent e)
    {
        var words = Lexemes(e);
        var encoded = new byte[words.Count][];
        var size = 4;
        for (var i = 0; i < words.Count; i++)
        {
            encoded[i] = Encoding.UTF8.GetBytes(words[i]);
            size += encoded[i].Length + 3;
        }

        Array.Sort(encoded, static (a, b) => a.AsSpan().SequenceCompareTo(b));
        var vector = new byte[size];
        BinaryPrimitives.WriteInt32BigEndian(vector, encoded.Length);
        var at = 4;
        foreach (var lexeme in encoded)
        {
            lexeme.CopyTo(vector, at);
            at += lexeme.Length + 3; // the NUL and the big-endian zero position count: the array is zeroed
        }

        return vector;
    }

    /// <summary>The distinct words, capped, in the order they first occur.</summary>
    private static List<string> Lexemes(AuditEvent e)
    {
        var text = SearchDocument.IndexText(e);
        var distinct = new HashSet<string>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        var words = new List<string>();
        var count = 0;
        var bytes = 0;
        foreach (var range in text.AsSpan().Split(' '))
        {
            var word = text.AsSpan(range);
            if (word.IsEmpty)
            {
                continue; // an event without words
            }

            if (word.Length > MaxWordLength)
            {
                // Cut between characters, never inside a surrogate pair (a lone surrogate is not UTF-8).
                word = word[..(char.IsHighSurrogate(word[MaxWordLength - 1]) ? MaxWordLength - 1 : MaxWordLength)];
            }

            if (!distinct.Contains(word))
            {
                bytes += Encoding.UTF8.GetByteCount(word);
                if (bytes > MaxLexemeBytes)
                {
                    break;
                }

                var kept = word.ToString();
                distinct.Set.Add(kept);
                words.Add(kept);
            }

            if (++count == MaxWords)
            {
                break;
            }
        }

        return words;
    }
}
