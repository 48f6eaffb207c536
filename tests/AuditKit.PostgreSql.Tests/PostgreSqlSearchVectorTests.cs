using Npgsql;
using NpgsqlTypes;

namespace AuditKit.PostgreSql.Tests;

/// <summary>
/// The search vector the store writes with each event (<c>PostgreSqlSearchVector</c>, built from the index text with
/// each distinct word once; as tsvector text for statements, in the binary wire format for COPY) holds exactly the
/// lexemes of the straightforward construction: every folded word of the event's search document
/// (<see cref="SearchTerms.Words"/>, a separate code path from the index text's ASCII pass), cut to 200 characters
/// (199 where the 200th is the first half of a surrogate pair), the first 4,000 words, parsed by Npgsql, which merges
/// duplicates. Both forms are read by the server itself.
/// </summary>
public sealed class PostgreSqlSearchVectorTests
{
    [Test]
    public async Task SearchVector_BothFormsReadByTheServer_HaveTheLexemesOfEveryWordOfTheEvent()
    {
        await using var connection = new NpgsqlConnection(PostgreSqlServer.ConnectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand("CREATE TEMP TABLE vectors (i int, form text, v tsvector)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        var events = Events();
        await using (var copy = await connection.BeginBinaryImportAsync("COPY vectors (i, form, v) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < events.Count; i++)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(i, NpgsqlDbType.Integer);
                await copy.WriteAsync("binary", NpgsqlDbType.Text);
                await copy.WriteAsync(PostgreSqlSearchVector.Binary(events[i]), NpgsqlDbType.Bytea);
            }

            await copy.CompleteAsync();
        }

        for (var i = 0; i < events.Count; i++)
        {
            await using var insert = new NpgsqlCommand("INSERT INTO vectors VALUES ($1, 'text', $2::tsvector)", connection);
            insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = i });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = PostgreSqlSearchVector.Text(events[i]) });
            await insert.ExecuteNonQueryAsync();
        }

        await using var read = new NpgsqlCommand("SELECT i, form, v FROM vectors ORDER BY i, form", connection);
        await using var reader = await read.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
        {
            var e = events[reader.GetInt32(0)];
            var stored = reader.GetFieldValue<NpgsqlTsVector>(2).Select(l => l.Text).ToList();
            stored.Should().BeEquivalentTo(EveryWordParsed(e).Select(l => l.Text), $"{reader.GetString(1)}: {e.Message}");
            if (e == events[3])
            {
                stored.Should().HaveCount(4_000, "the first 4,000 words (all distinct below w4000), then none");
            }

            rows++;
        }

        rows.Should().Be(2 * events.Count);
    }

    private static List<AuditEvent> Events() =>
        [
            new(AuditCategory.RecordChange, AuditActions.Update)
            {
                Message = "Customer updated: credit limit raised, credit terms kept",
                Actor = new AuditActor("jsmith", "John Smith", "john.smith@acme.example", "Sales Manager"),
                Client = new AuditClient("192.168.1.105", "New York, NY", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0"),
                Target = new AuditTarget("Customer", "CUST-10003", "Acme Corporation", Module: "Sales"),
                Changes = [new FieldChange("CreditLimit", "10000.00", "15000.00", DisplayName: "Credit Limit"), new FieldChange("PaymentTerms", "Net 30", "Net 45")],
            },
            // Not ASCII: decomposed accents (NFD), a final sigma, full-width letters, a ligature.
            new(AuditCategory.RecordChange, AuditActions.Update) { Message = "Zoe\u0308 Ca\u0301ceres — ΛΌΓΟΣ λόγος ＡＢＣ１２３ ﬁle Straße İstanbul" },
            // Words longer than the store keeps: two that share their first 200 characters are one lexeme.
            new(AuditCategory.System, "job.run") { Message = new string('a', 250) + "x " + new string('a', 250) + "y " + new string('b', 199) },
            // More words than the store keeps (4,000), many of them repeated.
            new(AuditCategory.System, "import") { Message = string.Join(' ', Enumerable.Range(0, 5_000).Select(i => "w" + (i % 4_500))) },
            // No word at all.
            new(AuditCategory.System, "!!!") { Message = "— … ·" },
            // A long word whose 200th character is the first half of a surrogate pair (U+20000, a CJK letter).
            new(AuditCategory.System, "job.run") { Message = new string('c', 199) + "\U00020000\U00020001 tail" },
        ];

    private static NpgsqlTsVector EveryWordParsed(AuditEvent e)
    {
        var text = new System.Text.StringBuilder();
        foreach (var word in SearchTerms.Words(SearchDocument.Build(e)).Take(4_000))
        {
            var length = word.Length <= 200 ? word.Length : char.IsHighSurrogate(word[199]) ? 199 : 200;
            text.Append('\'').Append(word, 0, length).Append("' ");
        }

#pragma warning disable CS0618
        return NpgsqlTsVector.Parse(text.ToString());
#pragma warning restore CS0618
    }
}
