using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace AuditKit.PostgreSql;

/// <summary>
/// An event's <c>search</c> tsvector: its words as the in-memory and SQLite stores tokenize them
/// (<see cref="SearchDocument.IndexText"/>, the words of <see cref="SearchTerms.Words"/>), so all stores match alike;
/// each distinct word one lexeme without positions. Capped so that any event fits PostgreSQL's limits: the first
/// 4,000 words, each cut to 200 characters (199 rather than split a surrogate pair), ending before the word that
/// takes the words' UTF-8 bytes past 1,000,000 (PostgreSQL refuses a tsvector whose lexemes pass 1 MB — 4,000 words
/// of 200 CJK characters are 2.4 MB; ASCII text never reaches the byte cap).
/// </summary>
internal static class PostgreSqlSearchVector
{
    private const int MaxWords = 4_000;
    private const int MaxWordLength = 200;
    private const int MaxLexemeBytes = 1_000_000;

    /// <summary>
    /// The vector as tsvector text for statements (the pipelined batch, erasure, schema rebuilds), which cast it
    /// (<c>$n::tsvector</c>): each distinct word quoted once, bytewise sorted. Words hold only letters and digits (no
    /// quote, backslash or space), so each quoted word is one lexeme as is. The server's parse replaced Npgsql's
    /// client-side one (<c>NpgsqlTsVector.Parse</c>, obsolete, which sorts with a culture-aware comparison: ~2x the
    /// cost of this on the client, docs/benchmarks.md, "search vector").
    /// </summary>
    public static string Text(AuditEvent e)
    {
        // The binary form's lexemes, each "'word' ": the same size as its "word", NUL and position count.
        var binary = Binary(e);
        var quoted = new byte[binary.Length - 4];
        var to = 0;
        for (var at = 4; at < binary.Length;)
        {
            var lexeme = binary.AsSpan(at, Array.IndexOf(binary, (byte)0, at) - at);
            quoted[to++] = (byte)'\'';
            lexeme.CopyTo(quoted.AsSpan(to));
            to += lexeme.Length;
            quoted[to++] = (byte)'\'';
            quoted[to++] = (byte)' ';
            at += lexeme.Length + 3;
        }

        return Encoding.UTF8.GetString(quoted);
    }

    /// <summary>
    /// The vector in PostgreSQL's binary wire format (<c>tsvector_send</c>: the lexeme count, then each lexeme's UTF-8
    /// bytes, a NUL and a zero position count), lexemes distinct and in the server's order (bytewise, a prefix first),
    /// for the binary COPY: the server takes them as they are. No string per word: the words are encoded into one
    /// buffer, sorted there and deduplicated by neighbour (docs/benchmarks.md, "search vector").
    /// </summary>
    public static byte[] Binary(AuditEvent e)
    {
        var text = SearchDocument.IndexText(e);
        var utf8 = ArrayPool<byte>.Shared.Rent(Math.Min(Encoding.UTF8.GetMaxByteCount(text.Length), MaxLexemeBytes + (3 * MaxWordLength)));
        var lexemes = ArrayPool<Range>.Shared.Rent(Math.Min(text.Length / 2 + 1, MaxWords));
        try
        {
            var count = 0;
            var at = 0;
            var words = new Words(text);
            while (words.MoveNext(out var word))
            {
                var length = Encoding.UTF8.GetBytes(word, utf8.AsSpan(at));
                lexemes[count++] = new Range(at, at + length);
                at += length;
            }

            var sorted = lexemes.AsSpan(0, count);
            sorted.Sort(new BytewiseOrder(utf8));
            var size = 4;
            var distinct = 0;
            for (var i = 0; i < sorted.Length; i++)
            {
                if (i == 0 || !utf8.AsSpan(sorted[i]).SequenceEqual(utf8.AsSpan(sorted[distinct - 1])))
                {
                    sorted[distinct++] = sorted[i];
                    size += sorted[i].GetOffsetAndLength(at).Length + 3;
                }
            }

            var vector = new byte[size];
            BinaryPrimitives.WriteInt32BigEndian(vector, distinct);
            var to = 4;
            foreach (var lexeme in sorted[..distinct])
            {
                var bytes = utf8.AsSpan(lexeme);
                bytes.CopyTo(vector.AsSpan(to));
                to += bytes.Length + 3; // the NUL and the big-endian zero position count: the array is zeroed
            }

            return vector;
        }
        finally
        {
            ArrayPool<Range>.Shared.Return(lexemes);
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    /// <summary>The words of an index text within the caps, in order, duplicates included.</summary>
    private ref struct Words(string text)
    {
        private MemoryExtensions.SpanSplitEnumerator<char> _split = text.AsSpan().Split(' ');
        private int _count;
        private int _bytes;

        public bool MoveNext(out ReadOnlySpan<char> word)
        {
            while (_count < MaxWords && _split.MoveNext())
            {
                word = _split.Source[_split.Current];
                if (word.IsEmpty)
                {
                    continue; // an event without words
                }

                if (word.Length > MaxWordLength)
                {
                    // Cut between characters, never inside a surrogate pair (a lone surrogate is not UTF-8).
                    word = word[..(char.IsHighSurrogate(word[MaxWordLength - 1]) ? MaxWordLength - 1 : MaxWordLength)];
                }

                _bytes += Encoding.UTF8.GetByteCount(word);
                if (_bytes > MaxLexemeBytes)
                {
                    _count = MaxWords;
                    break;
                }

                _count++;
                return true;
            }

            word = default;
            return false;
        }
    }

    /// <summary>Orders ranges of one UTF-8 buffer as PostgreSQL orders lexemes: bytewise, a prefix before its extensions.</summary>
    private readonly struct BytewiseOrder(byte[] utf8) : IComparer<Range>
    {
        public int Compare(Range x, Range y) => utf8.AsSpan(x).SequenceCompareTo(utf8.AsSpan(y));
    }
}
