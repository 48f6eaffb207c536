using AuditKit.Storage.Conformance.Support;

namespace AuditKit.PostgreSql.Tests;

/// <summary>Events at AuditKit's size limits fit PostgreSQL's own (tsvector ≤ 1 MB, lexeme ≤ 2 KB) and stay verifiable.</summary>
[TestFixture]
public sealed class PostgreSqlLargeEventTests
{
    [Test]
    public async Task AppendAsync_ManyLargeDistinctWords_IsStoredSearchableAndVerifiable()
    {
        await using var store = PostgreSqlServer.NewStore(out _);
        var random = new Random(11);
        string Words(int count, int length) => string.Join(' ', Enumerable.Range(0, count).Select(_ => new string([.. Enumerable.Range(0, length).Select(_ => (char)('a' + random.Next(26)))])));
        var huge = new AuditEvent(AuditCategory.RecordChange, AuditActions.Update)
        {
            Timestamp = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero),
            Message = "needle " + Words(400, 9),
            Changes =
            [
                .. Enumerable.Range(0, 20).Select(i => new FieldChange($"Notes{i}", Words(6_000, 10), new string('x', 65_536))),
            ],
        };

        await StoreSeeder.AppendAsync(store, [huge]);

        (await store.QueryAsync(new AuditQuery { Text = "needle" })).Events.Should().ContainSingle()
            .Which.Changes.Should().HaveCount(20);
        (await ChainCheck.VerifyAsync(store, huge.StreamId)).Should().Be(1);
    }

    [Test]
    public async Task AppendAsync_ThousandsOfLongNonAsciiWords_StaysUnderPostgreSqlsTsvectorLimit()
    {
        // 4,000 distinct words of 200 CJK characters are 2.4 MB of UTF-8: over PostgreSQL's 1 MB of lexemes per tsvector
        // (the word and character caps alone let it through). Both append paths must store the event.
        string Word(int i) => new([.. Enumerable.Range(0, 200).Select(c => (char)(0x4E00 + ((i * 211) + c) % 20_000))]);
        AuditEvent Huge(int month) => new(AuditCategory.RecordChange, AuditActions.Update)
        {
            Timestamp = new DateTimeOffset(2026, month, 1, 0, 0, 0, TimeSpan.Zero),
            Message = "needle",
            Changes = [.. Enumerable.Range(0, 20).Select(f => new FieldChange($"Notes{f}", string.Join(' ', Enumerable.Range(f * 300, 300).Select(Word)), null))],
        };

        foreach (var copyFrom in new[] { 128, 1 })
        {
            await using var store = PostgreSqlServer.NewStore(out _);
            store.CopyFrom = copyFrom; // 128: one-event batches go as the pipelined statement batch; 1: by COPY
            var stream = await StoreSeeder.AppendAsync(store, [Huge(2), Huge(3)], batchSize: 1);

            (await store.QueryAsync(new AuditQuery { Text = "needle" })).Events.Should().HaveCount(2, $"COPY from {copyFrom}");
            (await store.QueryAsync(new AuditQuery { Text = Word(0) })).Events.Should().HaveCount(2, "the first words are indexed");
            (await ChainCheck.VerifyAsync(store, stream)).Should().Be(2);
        }
    }
}
