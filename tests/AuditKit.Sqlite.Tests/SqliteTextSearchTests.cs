using AuditKit.Sqlite.Tests.Support;
using AuditKit.Storage.Conformance.Support;

namespace AuditKit.Sqlite.Tests;

/// <summary>
/// Free text uses two strategies in SQLite (a direct fetch for words with few matches, a windowed walk for
/// common words); both must give exactly the conformance suite's newest-first results.
/// </summary>
public sealed class SqliteTextSearchTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private TempFolder _folder = null!;
    private SqliteAuditStore _store = null!;
    private List<AuditEvent> _events = null!;

    [OneTimeSetUp]
    public async Task SeedAsync()
    {
        _folder = new TempFolder();
        _store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={_folder.File("audit.db")}" });
        var generated = EventGenerator.Generate(12_000, Start, TimeSpan.FromDays(20), seed: 11);
        _events = generated.Select((e, i) => e with
        {
            // "everywhere" is in every event, "often" in every 3rd, "seldom" in every 500th; one old burst of "oldword".
            Message = $"{e.Message} everywhere{(i % 3 == 0 ? " often" : "")}{(i % 500 == 0 ? " seldom" : "")}{(e.Timestamp < Start.AddDays(1) && i % 2 == 0 ? " oldword" : "")}",
        }).ToList();

        // Some events are back-dated (imports): the newest-first order must still hold.
        for (var i = 0; i < _events.Count; i += 97)
        {
            _events[i] = _events[i] with { Timestamp = Start.AddDays(-30).AddMinutes(i) };
        }

        await StoreSeeder.AppendAsync(_store, _events, batchSize: 3_000);
    }

    [OneTimeTearDown]
    public async Task CleanupAsync()
    {
        await _store.DisposeAsync();
        _folder.Dispose();
    }

    [TestCase("everywhere")]
    [TestCase("often")]
    [TestCase("seldom")]
    [TestCase("oldword")]
    [TestCase("everywhere often")]
    [TestCase("often credit")]
    public async Task QueryAsync_Text_PagesExactlyLikeTheDocumentedOrder(string text)
    {
        await AssertPagesAsync(new AuditQuery { Text = text, PageSize = 73 });
    }

    [TestCase("everywhere")]
    [TestCase("often")]
    [TestCase("oldword")]
    public async Task QueryAsync_TextWithOtherFilters_PagesExactly(string text)
    {
        await AssertPagesAsync(new AuditQuery { Text = text, ActorIds = ["ltaylor"], From = Start.AddDays(-40), To = Start.AddDays(15), PageSize = 50 });
        await AssertPagesAsync(new AuditQuery { Text = text, Categories = [AuditCategory.Security], MinimumRisk = RiskLevel.High, PageSize = 20 });
    }

    private async Task AssertPagesAsync(AuditQuery query)
    {
        var expected = _events.Where(e => QueryCases.Matches(e, query)).OrderByDescending(e => e.Timestamp).ThenByDescending(e => e.Sequence).Select(e => e.Id).ToList();
        var actual = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await _store.QueryAsync(query with { Cursor = cursor });
            page.Events.Count.Should().BeLessThanOrEqualTo(query.PageSize);
            actual.AddRange(page.Events.Select(e => e.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        actual.Should().Equal(expected);
        (await _store.CountAsync(query)).Should().Be(expected.Count);
    }
}
