using AuditKit.Benchmarks.Support;
using AuditKit.PostgreSql;
using BenchmarkDotNet.Attributes;
using NpgsqlTypes;

namespace AuditKit.Benchmarks;

/// <summary>
/// The PostgreSQL store's search vector of one event (every append path builds one per event: the pipelined batch and
/// erasure as tsvector text the server casts, COPY in the binary wire format): the store's constructions against the
/// first one in the same run (the folded words of
/// <see cref="SearchTerms.Words"/>, every occurrence quoted, parsed by Npgsql, which sorts them with a culture-aware
/// comparison and merges duplicates). README-shaped events (a real user agent, field changes); a light event
/// (action, message, record) is the second row.
/// </summary>
[MemoryDiagnoser]
public class PostgreSqlSearchVectorBenchmarks
{
    private List<AuditEvent> _events = null!;

    /// <summary>README-shaped events or light ones.</summary>
    [Params("realistic", "light")]
    public string Events { get; set; } = "realistic";

    [GlobalSetup]
    public void Setup() => _events = Events == "realistic"
        ? RealisticEvents.Generate(1_000, seed: 7)
        : [.. Enumerable.Range(0, 1_000).Select(i => new AuditEvent(AuditCategory.RecordChange, AuditActions.Update)
        {
            Message = $"Updated customer {i}",
            Target = new AuditTarget("Customer", $"CUST-{i}", "Acme Corporation"),
        })];

    /// <summary>The construction the store used before: every word quoted, duplicates included.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = 1_000)]
    public int EveryWordParsed()
    {
        var lexemes = 0;
        foreach (var e in _events)
        {
            var text = new System.Text.StringBuilder(256);
            foreach (var word in SearchTerms.Words(SearchDocument.Build(e)))
            {
                text.Append('\'').Append(word, 0, Math.Min(word.Length, 200)).Append("' ");
            }

#pragma warning disable CS0618
            lexemes += NpgsqlTsVector.Parse(text.ToString()).Count;
#pragma warning restore CS0618
        }

        return lexemes;
    }

    /// <summary>The store's statements: the same lexemes as tsvector text, which the server parses (not counted here).</summary>
    [Benchmark(OperationsPerInvoke = 1_000)]
    public int DistinctWordsText()
    {
        var length = 0;
        foreach (var e in _events)
        {
            length += PostgreSqlSearchVector.Text(e).Length;
        }

        return length;
    }

    /// <summary>The store's COPY: the same lexemes, sorted bytewise, in PostgreSQL's binary format.</summary>
    [Benchmark(OperationsPerInvoke = 1_000)]
    public int DistinctWordsBinary()
    {
        var bytes = 0;
        foreach (var e in _events)
        {
            bytes += PostgreSqlSearchVector.Binary(e).Length;
        }

        return bytes;
    }
}
