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
}
