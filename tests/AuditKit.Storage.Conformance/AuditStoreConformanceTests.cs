using System.Text.Json;
using AuditKit.Storage.Conformance.Support;

namespace AuditKit.Storage.Conformance;

/// <summary>
/// The behaviour every <see cref="AuditStore"/> must have. Each provider's test project has one sealed
/// subclass that supplies fresh stores. Expected results are computed here from the generated events with
/// the documented semantics, independently of any store.
/// </summary>
public abstract partial class AuditStoreConformanceTests
{
    protected static readonly DateTimeOffset Start = new(2026, 1, 15, 0, 0, 0, TimeSpan.Zero);
    private const int SeededCount = 10_000;

    private AuditStore _seeded = null!;
    private List<AuditEvent> _data = null!;

    /// <summary>A new, empty store, owned by the caller.</summary>
    protected abstract Task<AuditStore> CreateStoreAsync();

    /// <summary>The optional parts of the contract the store implements (default: all of them).</summary>
    protected virtual AuditStoreFeatures Features => AuditStoreFeatures.All;

    /// <summary>
    /// True when the store declares <paramref name="feature"/>; otherwise checks that <paramref name="probe"/> throws
    /// <see cref="NotSupportedException"/> on a fresh store (the test then ends: the refusal is what it asserts).
    /// </summary>
    protected async Task<bool> SupportsAsync(AuditStoreFeatures feature, Func<AuditStore, Task> probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        if (Features.HasFlag(feature))
        {
            return true;
        }

        await using var store = await CreateStoreAsync();
        await FluentActions.Awaiting(() => probe(store)).Should().ThrowAsync<NotSupportedException>($"the store does not declare {feature}, so it must refuse it");
        return false;
    }

    [OneTimeSetUp]
    public async Task SeedAsync()
    {
        _seeded = await CreateStoreAsync();
        _data = EventGenerator.Generate(SeededCount, Start, TimeSpan.FromDays(8));
        await StoreSeeder.AppendAsync(_seeded, _data, batchSize: 2_500);
    }

    [OneTimeTearDown]
    public async Task DisposeSeededAsync() => await _seeded.DisposeAsync();

    [Test]
    public virtual async Task AppendAsync_FullEvent_RoundTripsEveryFieldAndHash()
    {
        await using var store = await CreateStoreAsync();
        var original = new AuditEvent(AuditCategory.RecordChange, AuditActions.Update)
        {
            Timestamp = new DateTimeOffset(2026, 1, 22, 10, 45, 32, 123, TimeSpan.FromHours(-5)).AddTicks(4567),
            TenantId = "acme",
            Outcome = AuditOutcome.Warning,
            Risk = RiskLevel.High,
            Message = "Credit limit change \"quoted\" \\ back\nslash ✓ 😀",
            Actor = new AuditActor("jsmith", "John Smith", "john@example.com", "Sales Manager"),
            Client = new AuditClient("192.168.1.105", "New York, NY (estimated)", "Mozilla/5.0", "Chrome on Windows", "sess_abc123"),
            Target = new AuditTarget("Customer", "CUST-12345", "Acme Corporation", "Sales"),
            Changes =
            [
                new FieldChange("CreditLimit", "10000.00", "15000.00", DisplayName: "Credit Limit"),
                new FieldChange("PaymentTerms", "Net 30", "Net 45"),
                new FieldChange("Status", "Active", "Active", FieldChangeKind.Unchanged),
                new FieldChange("Notes", null, "", FieldChangeKind.Added),
            ],
            CorrelationId = "corr-1",
            TraceId = "4bf92f3577b34da6a3ce929d0e0e4736",
            Metadata = AuditMetadata.Create(("record_count", 5000), ("nested", JsonDocument.Parse("""{"b":[1,2.50,true,null],"a":"x"}""").RootElement), ("amount", 12.5m)),
        };

        await StoreSeeder.AppendAsync(store, [original]);
        var read = await store.GetAsync(original.Id);

        read.Should().NotBeNull();
        read!.Id.Should().Be(original.Id);
        read.Timestamp.Should().Be(original.Timestamp);
        read.Timestamp.Offset.Should().Be(TimeSpan.Zero);
        read.Actor.Should().Be(original.Actor);
        read.Client.Should().Be(original.Client);
        read.Target.Should().Be(original.Target);
        read.Changes.Should().Equal(original.Changes);
        read.Metadata["record_count"].GetInt32().Should().Be(5000);
        read.Metadata["nested"].GetProperty("b")[1].GetRawText().Should().Be("2.50");
        read.Hash.Should().Be(original.Hash);
        read.PreviousHash.Should().Be(original.PreviousHash);
        ChainCheck.CanonicalBytes(read).Should().Equal(ChainCheck.CanonicalBytes(original), "what is read back hashes the same");
        (await ChainCheck.VerifyAsync(store, read.StreamId)).Should().Be(1);
    }

    [Test]
    public virtual async Task AppendAsync_MinimalEvent_RoundTripsNullsAsNulls()
    {
        await using var store = await CreateStoreAsync();
        var original = new AuditEvent(AuditCategory.System, "Ping") { Timestamp = Start };
        await StoreSeeder.AppendAsync(store, [original]);

        var read = await store.GetAsync(original.StreamId, original.Sequence);

        read.Should().NotBeNull();
        read!.Actor.Should().BeNull();
        read.Client.Should().BeNull();
        read.Target.Should().BeNull();
        read.Message.Should().BeNull();
        read.Changes.Should().BeEmpty();
        read.Metadata.Should().BeEmpty();
        ChainCheck.CanonicalBytes(read).Should().Equal(ChainCheck.CanonicalBytes(original));
    }

    [Test]
    public virtual async Task AppendAsync_SameBatchTwice_StoresItOnce()
    {
        await using var store = await CreateStoreAsync();
        var events = EventGenerator.Generate(50, Start, TimeSpan.FromHours(3), seed: 7);
        await StoreSeeder.AppendAsync(store, events);

        await store.AppendAsync(events);

        (await store.CountAsync(new AuditQuery())).Should().Be(50);
        (await store.QueryAsync(new AuditQuery { PageSize = 1000 })).Events.Should().HaveCount(50);
        (await store.AggregateAsync(new AggregateQuery { From = Start, To = Start.AddDays(1), GroupBy = AggregateDimension.Category })).Sum(c => c.Count).Should().Be(50);
        (await ChainCheck.VerifyAsync(store, events[0].StreamId)).Should().Be(50);
    }

    [Test]
    public virtual async Task GetAsync_UnknownIds_ReturnNull()
    {
        (await _seeded.GetAsync(Guid.CreateVersion7(Start.AddDays(1)))).Should().BeNull();
        (await _seeded.GetAsync(Guid.NewGuid())).Should().BeNull();
        (await _seeded.GetAsync(Guid.Empty)).Should().BeNull();
        (await _seeded.GetAsync(1, SeededCount + 1)).Should().BeNull();
        (await _seeded.GetAsync(0, 1)).Should().BeNull();
    }

    [Test]
    public virtual async Task GetAsync_EveryHundredthEvent_FoundByIdAndBySequence()
    {
        foreach (var e in _data.Where((_, i) => i % 100 == 0))
        {
            (await _seeded.GetAsync(e.Id))!.Hash.Should().Be(e.Hash);
            (await _seeded.GetAsync(e.StreamId, e.Sequence))!.Id.Should().Be(e.Id);
        }
    }

    [Test]
    public virtual async Task GetAsync_DisplayId_FindsTheEventOnlyWhenTheYearMatches()
    {
        var e = _data[77];
        var otherYear = e.Timestamp.Year == 1999 ? 2000 : 1999;
        var wrongYear = AuditEventDisplayId.Format(otherYear, e.StreamId, e.Sequence);

        (await _seeded.GetAsync(e.DisplayId))!.Id.Should().Be(e.Id);
        (await _seeded.GetAsync(e.DisplayId.ToLowerInvariant()))!.Id.Should().Be(e.Id, "display ids are case-insensitive");
        (await _seeded.GetAsync(wrongYear)).Should().BeNull($"{wrongYear} is not {e.DisplayId}");
        (await _seeded.GetAsync($"LOG-{e.Timestamp.Year}-S{e.StreamId + 1}-{e.Sequence}")).Should().BeNull("another stream");
        (await _seeded.GetAsync("LOG-20X6-1")).Should().BeNull("not a display id");
    }

    [Test]
    public virtual async Task GetStoredIdsAsync_StoredUnknownAndForeignIds_ReturnsExactlyTheStoredOnes()
    {
        var stored = _data.Where((_, i) => i % 7 == 0).Select(e => e.Id).ToList();
        var sameMillisecond = _data.Take(50).Select(e => Guid.CreateVersion7(e.Timestamp)).ToList(); // same time, other random bits
        var asked = stored.Concat(sameMillisecond).Concat(stored.Take(10)).Append(Guid.NewGuid()).Append(Guid.Empty).Append(Guid.CreateVersion7(Start.AddYears(3))).ToList();

        var found = await _seeded.GetStoredIdsAsync(asked);

        found.Should().BeEquivalentTo(stored.ToHashSet());
        (await _seeded.GetStoredIdsAsync([])).Should().BeEmpty();
    }

    public static IEnumerable<TestCaseData> FilterCases() => QueryCases.All.Select(c => new TestCaseData(c.Name).SetName($"QueryAsync_Filter_{c.Name}"));

    [TestCaseSource(nameof(FilterCases))]
    public virtual async Task QueryAsync_Filter_ReturnsExactlyTheMatchingEventsNewestFirst(string name)
    {
        var query = QueryCases.Get(name, Start);
        var expected = Expected(query);

        var actual = await ReadAllAsync(_seeded, query with { PageSize = 500 });

        actual.Select(e => e.Id).Should().Equal(expected.Select(e => e.Id));
        (await _seeded.CountAsync(query)).Should().Be(expected.Count);
    }

    public static IEnumerable<TestCaseData> HostileTexts() => QueryCases.HostileTexts.Select((t, i) => new TestCaseData(t).SetName($"QueryAsync_HostileText_{i}"));

    [TestCaseSource(nameof(HostileTexts))]
    public virtual async Task QueryAsync_HostileText_NeitherThrowsNorInjects(string text)
    {
        var query = new AuditQuery { Text = text, PageSize = 1000 };
        var expected = Expected(query);

        var actual = await ReadAllAsync(_seeded, query);

        actual.Select(e => e.Id).Should().Equal(expected.Select(e => e.Id));
        (await _seeded.CountAsync(query)).Should().Be(expected.Count);
        (await _seeded.CountAsync(new AuditQuery())).Should().Be(SeededCount, "nothing was dropped or changed");
    }

    [Test]
    public virtual async Task QueryAsync_PagesThroughTenThousandEvents_WithoutGapsOrDuplicates()
    {
        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await _seeded.QueryAsync(new AuditQuery { PageSize = 137, Cursor = cursor });
            page.Events.Count.Should().BeLessThanOrEqualTo(137);
            seen.AddRange(page.Events.Select(e => e.Id));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        seen.Should().OnlyHaveUniqueItems();
        seen.Should().Equal(Expected(new AuditQuery()).Select(e => e.Id));
        pages.Should().Be((SeededCount + 136) / 137);
    }

    [Test]
    public virtual async Task QueryAsync_InvalidArguments_ThrowNamingTheField()
    {
        await FluentActions.Awaiting(() => _seeded.QueryAsync(new AuditQuery { Cursor = "not-a-cursor" })).Should().ThrowAsync<ArgumentException>().WithMessage("*Cursor*");
        await FluentActions.Awaiting(() => _seeded.QueryAsync(new AuditQuery { Cursor = "'; DROP TABLE audit_events; --" })).Should().ThrowAsync<ArgumentException>().WithMessage("*Cursor*");
        await FluentActions.Awaiting(() => _seeded.QueryAsync(new AuditQuery { PageSize = 0 })).Should().ThrowAsync<ArgumentOutOfRangeException>().WithMessage("*PageSize*");
        await FluentActions.Awaiting(() => _seeded.QueryAsync(new AuditQuery { PageSize = 100_000 })).Should().ThrowAsync<ArgumentOutOfRangeException>().WithMessage("*PageSize*");
        await FluentActions.Awaiting(() => _seeded.QueryAsync(new AuditQuery { From = Start.AddDays(2), To = Start })).Should().ThrowAsync<ArgumentException>().WithMessage("*From*");
        await FluentActions.Awaiting(() => _seeded.QueryAsync(new AuditQuery { Text = new string('x', 10_000) })).Should().ThrowAsync<ArgumentException>().WithMessage("*Text*");
        await FluentActions.Awaiting(() => _seeded.QueryAsync(new AuditQuery { ActorIds = [null!] })).Should().ThrowAsync<ArgumentException>().WithMessage("*ActorIds*");
        await FluentActions.Awaiting(() => _seeded.QueryAsync(new AuditQuery { TenantId = "" })).Should().ThrowAsync<ArgumentException>().WithMessage("*TenantId*");
    }

    [Test]
    public virtual async Task GetHistoryAsync_Record_ReturnsItsEventsNewestFirst()
    {
        var target = _data.First(e => e.Target?.RecordId is not null).Target!;
        var expected = _data.Where(e => e.Target?.EntityType == target.EntityType && e.Target?.RecordId == target.RecordId).OrderByDescending(e => e.Timestamp).ThenByDescending(e => e.Sequence).ToList();

        var page = await _seeded.GetHistoryAsync(target.EntityType!, target.RecordId!, pageSize: 1000);

        expected.Should().NotBeEmpty();
        page.Events.Select(e => e.Id).Should().Equal(expected.Select(e => e.Id));
        page.NextCursor.Should().BeNull();
    }

    public static IEnumerable<TestCaseData> CountCases() => QueryCases.Counts.Select(c => new TestCaseData(c.Name).SetName($"CountAsync_{c.Name}"));

    [TestCaseSource(nameof(CountCases))]
    public virtual async Task CountAsync_MatchesTheEventsThatMatch(string name)
    {
        var query = QueryCases.GetCount(name, Start);
        (await _seeded.CountAsync(query)).Should().Be(Expected(query).Count);
    }

    public static IEnumerable<TestCaseData> AggregateCases() => QueryCases.Aggregates.Select(c => new TestCaseData(c.Name).SetName($"AggregateAsync_{c.Name}"));

    [TestCaseSource(nameof(AggregateCases))]
    public virtual async Task AggregateAsync_CountsEachGroupExactly(string name)
    {
        var query = QueryCases.GetAggregate(name, Start);
        var filter = (query.Filter ?? new AuditQuery()) with { From = query.From, To = query.To, TenantId = query.TenantId ?? query.Filter?.TenantId };
        var expected = Expected(filter)
            .GroupBy(e => ExpectedKey(e, query))
            .Select(g => new AggregateCount(g.Key, g.Count()))
            .ToList();

        var actual = await _seeded.AggregateAsync(query);

        actual.Should().BeEquivalentTo(expected);
        if (query.GroupBy is AggregateDimension.Day or AggregateDimension.Hour)
        {
            actual.Select(a => a.Key).Should().BeInAscendingOrder(StringComparer.Ordinal);
        }
        else
        {
            actual.Select(a => a.Count).Should().BeInDescendingOrder();
        }
    }

    [Test]
    public virtual async Task OpenStreamAsync_HeldStream_IsRefusedAndAnotherIsFree()
    {
        await using var store = await CreateStoreAsync();
        await store.InitializeAsync();
        await using var first = await store.OpenStreamAsync(null, "a");
        await using var second = await store.OpenStreamAsync(null, "b");

        second.StreamId.Should().NotBe(first.StreamId);
        await FluentActions.Awaiting(() => store.OpenStreamAsync(first.StreamId, "c")).Should().ThrowAsync<InvalidOperationException>().WithMessage("*held by another writer*");
        first.LastSequence.Should().Be(0);
        first.LastHash.Should().Be(new string('0', 64));
    }

    [Test]
    public virtual async Task OpenStreamAsync_AfterRelease_ResumesAtTheStreamHead()
    {
        await using var store = await CreateStoreAsync();
        var events = EventGenerator.Generate(30, Start, TimeSpan.FromHours(1), seed: 3);
        var stream = await StoreSeeder.AppendAsync(store, events);

        await using var lease = await store.OpenStreamAsync(stream, "again");

        lease.LastSequence.Should().Be(30);
        lease.LastHash.Should().Be(events[^1].Hash);
        var more = EventGenerator.Generate(5, Start.AddHours(2), TimeSpan.FromHours(1), seed: 4);
        await lease.DisposeAsync();
        await StoreSeeder.AppendAsync(store, more, streamId: stream);
        (await ChainCheck.VerifyAsync(store, stream)).Should().Be(35);
    }

    [Test]
    public virtual async Task ReadStreamAsync_FromSequence_StreamsInSequenceOrder()
    {
        var stream = _data[0].StreamId;
        var sequences = new List<long>();
        await foreach (var e in _seeded.ReadStreamAsync(stream, 9_001))
        {
            sequences.Add(e.Sequence);
        }

        sequences.Should().Equal(Enumerable.Range(9_001, 1_000).Select(i => (long)i));
        (await ChainCheck.VerifyAsync(_seeded, stream)).Should().Be(SeededCount);
    }

    [Test]
    public virtual async Task GetStorageInfoAsync_ReportsCountsRangeAndStreams()
    {
        var info = await _seeded.GetStorageInfoAsync();

        info.EventCount.Should().Be(SeededCount);
        info.SizeBytes.Should().BePositive();
        info.OldestTimestamp.Should().Be(_data.Min(e => e.Timestamp));
        info.NewestTimestamp.Should().Be(_data.Max(e => e.Timestamp));
        info.Streams.Should().ContainSingle(s => s.StreamId == _data[0].StreamId)
            .Which.Should().Be(new AuditStreamInfo(_data[0].StreamId, SeededCount, _data[^1].Hash!, SeededCount));
    }

    private List<AuditEvent> Expected(AuditQuery q) =>
        _data.Where(e => QueryCases.Matches(e, q)).OrderByDescending(e => e.Timestamp).ThenByDescending(e => e.StreamId).ThenByDescending(e => e.Sequence).ToList();

    private static string ExpectedKey(AuditEvent e, AggregateQuery q)
    {
        var local = TimeZoneInfo.ConvertTime(e.Timestamp, q.TimeZone);
        return q.GroupBy switch
        {
            AggregateDimension.Category => e.Category.ToString(),
            AggregateDimension.Action => e.Action,
            AggregateDimension.Actor => e.Actor?.Id ?? "",
            AggregateDimension.EntityType => e.Target?.EntityType ?? "",
            AggregateDimension.Outcome => e.Outcome.ToString(),
            AggregateDimension.Risk => e.Risk.ToString(),
            AggregateDimension.Day => local.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            _ => local.ToString("yyyy-MM-dd'T'HH", System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    private static async Task<List<AuditEvent>> ReadAllAsync(AuditStore store, AuditQuery query)
    {
        var all = new List<AuditEvent>();
        string? cursor = null;
        do
        {
            var page = await store.QueryAsync(query with { Cursor = cursor });
            all.AddRange(page.Events);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return all;
    }
}
