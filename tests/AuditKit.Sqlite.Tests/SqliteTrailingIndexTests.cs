using AuditKit.Sqlite.Tests.Support;
using AuditKit.Storage.Conformance.Support;
using Microsoft.Data.Sqlite;

namespace AuditKit.Sqlite.Tests;

/// <summary>
/// The trailing index (<c>SqliteTrailingIndex</c>): small batches commit their events without their free-text entries
/// and roll-up counts, which a later commit adds behind a mark per stream. Every read must stay exact whatever state the
/// index is in — before a catch-up, after one, in a file a writer left with events trailing (a crash), after an erasure or
/// a deletion of trailing events. The oracle is <see cref="QueryCases.Matches"/> (the query semantics written out
/// independently of any store) and LINQ over the events read back.
/// </summary>
public sealed class SqliteTrailingIndexTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task SmallBatches_SearchCountsAndAggregates_MatchTheOracle_BeforeAndAfterEachCatchUp()
    {
        using var folder = new TempFolder();
        var connectionString = $"Data Source={folder.File("audit.db")}";
        await using var writer = await TrailingWriter.OpenAsync(connectionString, trailBelow: 8);
        var store = writer.Store;
        var events = Events(60, seed: 5);
        var written = 0;
        var sawTrailing = false;
        foreach (var size in new[] { 1, 2, 1, 3, 4, 1, 1, 2, 6, 1, 9, 1, 2, 3, 1, 1, 5, 1, 7, 1 })
        {
            await writer.AppendAsync(events.Skip(written).Take(size).ToList());
            written += size;
            var mark = await MarkAsync(connectionString, writer.StreamId);
            sawTrailing |= mark < written;
            (written - mark).Should().BeLessThan(8 + size, "the mark follows within a catch-up and a batch");
            (await IndexedCountAsync(connectionString)).Should().Be(mark, "the roll-ups hold exactly the events up to the mark");
            await ShouldMatchOracleAsync(store, events.Take(written).ToList());
        }

        sawTrailing.Should().BeTrue("small batches leave their index entries trailing");
        await FtsIntegrityCheckAsync(connectionString);
    }

    [Test]
    public async Task CommonWord_WalksTheIndexInWindows_TrailingMatchesComeFirstAndAreNotRepeated()
    {
        using var folder = new TempFolder();
        var connectionString = $"Data Source={folder.File("audit.db")}";
        await using var writer = await TrailingWriter.OpenAsync(connectionString, trailBelow: 1_000);
        var store = writer.Store;

        // More indexed matches than the store's probe reads (2,000), so the query walks windows; then 30 trailing ones.
        var events = Events(2_200, seed: 9, message: n => $"shipment note {n}");
        await writer.AppendAsync(events.Take(2_170).ToList());
        await writer.AppendOneByOneAsync(events.Skip(2_170));
        (await MarkAsync(connectionString, writer.StreamId)).Should().Be(2_170, "the 30 single events trail");
        foreach (var text in new[] { "shipment", "shipm*", "shipment credit" })
        {
            var query = new AuditQuery { Text = text, PageSize = 40 };
            var expected = Oracle(events, query);
            (await ReadAllPagesAsync(store, query)).Should().Equal(expected, $"every match of \"{text}\", newest first, across pages");
            (await store.CountAsync(query)).Should().Be(expected.Count);
        }
    }

    [Test]
    public async Task WriterStopsWithEventsTrailing_ReadersAreExactWithoutWriting_AndTheNextWriterIndexesThem()
    {
        using var folder = new TempFolder();
        var original = folder.File("audit.db");
        var crashImage = folder.File("crashed.db");
        var events = Events(12, seed: 21);
        await using (var writer = await TrailingWriter.OpenAsync($"Data Source={original}", trailBelow: 1_000))
        {
            await writer.AppendOneByOneAsync(events.Take(7));

            // The files as a process killed now leaves them: seven committed events, six of them not indexed (a writer's
            // first small batch indexes whatever an earlier writer left, and itself).
            File.Copy(original, crashImage);
            File.Copy(original + "-wal", crashImage + "-wal");
        }

        var crashed = $"Data Source={crashImage}";
        (await MarkAsync(crashed, 1)).Should().Be(1);
        (await IndexedCountAsync(crashed)).Should().Be(1);

        // A verifier or the CLI opens it read-only: exact, and the file stays as it was.
        var before = await FileStateAsync(crashImage);
        await using (var reader = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = crashed + ";Mode=ReadOnly" }))
        {
            await ShouldMatchOracleAsync(reader, events.Take(7).ToList());
        }

        (await FileStateAsync(crashImage)).Should().Be(before, "readers never write");
        (await MarkAsync(crashed, 1)).Should().Be(1);

        // The next writer of the file indexes what was left with its first batch, then continues the stream.
        await using (var writer = await TrailingWriter.OpenAsync(crashed, trailBelow: null, streamId: 1))
        {
            var next = writer.Store;
            await writer.AppendAsync([events[7]]);
            (await MarkAsync(crashed, 1)).Should().Be(8, "the crashed writer's seven events and this one");
            (await IndexedCountAsync(crashed)).Should().Be(8);
            foreach (var e in events.Skip(8))
            {
                await writer.AppendAsync([e]);
                await ShouldMatchOracleAsync(next, events.Take((int)e.Sequence).ToList());
            }

            (await ChainCheck.VerifyAsync(next, 1)).Should().Be(12);
        }

        // Stopping the writer indexed what trailed.
        (await MarkAsync(crashed, 1)).Should().Be(12);
        (await IndexedCountAsync(crashed)).Should().Be(12);
        await FtsIntegrityCheckAsync(crashed);
    }

    [Test]
    public async Task ErasureOfATrailingEvent_ItsOldWordsAreNotFound_AndTheIndexStaysSound()
    {
        using var folder = new TempFolder();
        var connectionString = $"Data Source={folder.File("audit.db")}";
        await using var writer = await TrailingWriter.OpenAsync(connectionString, trailBelow: 1_000);
        var store = writer.Store;
        var events = Events(5, seed: 33);
        events[2] = events[2] with { Actor = new AuditActor("u-zq", "Zofia Quaglieri", "zofia@example.com", "Clerk") };
        await writer.AppendOneByOneAsync(events);

        (await store.CountAsync(new AuditQuery { Text = "quaglieri" })).Should().Be(1, "the trailing event is found before the erasure");
        var erased = events[2] with { Actor = events[2].Actor! with { Name = null, Email = null } };
        erased.CopyWrittenIdentityFrom(events[2]);
        await store.ApplyErasureAsync([erased]);

        (await store.CountAsync(new AuditQuery { Text = "quaglieri" })).Should().Be(0);
        (await store.QueryAsync(new AuditQuery { Text = "zofia" })).Events.Should().BeEmpty();
        var clerk = new AuditQuery { Text = "clerk" };
        (await store.CountAsync(clerk)).Should().Be(1).And.Be(events.Select(e => e == events[2] ? erased : e).Count(e => QueryCases.Matches(e, clerk)), "its other words are still found");
        await FtsIntegrityCheckAsync(connectionString);
    }

    [Test]
    public async Task DeletionOfTrailingEvents_CountsAndSearchMatchWhatRemains()
    {
        using var folder = new TempFolder();
        var connectionString = $"Data Source={folder.File("audit.db")}";
        await using var writer = await TrailingWriter.OpenAsync(connectionString, trailBelow: 1_000);
        var store = writer.Store;
        var events = Events(20, seed: 41);
        await writer.AppendOneByOneAsync(events);

        var category = events[0].Category;
        var result = await store.DeleteEventsAsync(new AuditDeletionRequest(category, Start.AddDays(-1), Start.AddDays(30)) { StreamId = writer.StreamId, ThroughSequence = 15 });
        result.Deleted.Should().BeGreaterThan(0);
        var remaining = new List<AuditEvent>();
        await foreach (var e in store.ReadStreamAsync(writer.StreamId))
        {
            remaining.Add(e);
        }

        remaining.Should().HaveCount(20 - result.Deleted);
        await ShouldMatchOracleAsync(store, remaining);
        await FtsIntegrityCheckAsync(connectionString);
    }

    [Test]
    public async Task BulkBatchFailsAfterIndexingWhatTrails_TheRetryIndexesItAgain_NothingIsSkippedOrCountedTwice()
    {
        using var folder = new TempFolder();
        var connectionString = $"Data Source={folder.File("audit.db")}";
        await using var writer = await TrailingWriter.OpenAsync(connectionString, trailBelow: 4);
        var events = Events(9, seed: 61);
        await writer.AppendOneByOneAsync(events.Take(3)); // the first indexes itself (a writer's first batch), two trail
        (await MarkAsync(connectionString, writer.StreamId)).Should().Be(1);

        // A batch of four fails on its last event (not linked: no hash, a NOT NULL column) after it indexed what trailed.
        var bulk = events.Skip(3).Take(4).ToList();
        foreach (var e in bulk.Take(3))
        {
            writer.Link(e);
        }

        var failing = async () => await writer.Store.AppendAsync(bulk);
        await failing.Should().ThrowAsync<SqliteException>();
        (await MarkAsync(connectionString, writer.StreamId)).Should().Be(1, "the failed batch's catch-up was rolled back with it");

        writer.Link(bulk[3]);
        await writer.Store.AppendAsync(bulk);
        await writer.AppendOneByOneAsync(events.Skip(7));
        (await MarkAsync(connectionString, writer.StreamId)).Should().Be(7, "the retried batch indexed the two trailing events, then itself");
        (await IndexedCountAsync(connectionString)).Should().Be(7);
        await ShouldMatchOracleAsync(writer.Store, events);
        await FtsIntegrityCheckAsync(connectionString);
    }

    [Test]
    public async Task SharedMemoryDatabase_IndexesEveryBatchInItsOwnCommit()
    {
        var connectionString = $"Data Source=trailing-{Guid.NewGuid():N};Mode=Memory;Cache=Shared";
        await using var keepAlive = new SqliteConnection(connectionString); // a shared in-memory database lives while a connection is open
        await keepAlive.OpenAsync();
        await using var writer = await TrailingWriter.OpenAsync(connectionString, trailBelow: null);
        var events = Events(10, seed: 55);
        await writer.AppendOneByOneAsync(events);

        await using var marks = keepAlive.CreateCommand();
        marks.CommandText = "SELECT count(*) FROM audit_index_marks;";
        (await marks.ExecuteScalarAsync()).Should().Be(0L, "no stream trails: every one-event batch was indexed with its commit");
        await ShouldMatchOracleAsync(writer.Store, events);
    }

    // Counts through the roll-ups and free text through the index (and the scans that fall back to the events),
    // against the oracle over the events that should be stored.
    private static async Task ShouldMatchOracleAsync(SqliteAuditStore store, List<AuditEvent> events)
    {
        var from = Start.AddDays(-1);
        var to = Start.AddDays(10);
        var byActor = await store.AggregateAsync(new AggregateQuery { From = from, To = to, GroupBy = AggregateDimension.Actor });
        byActor.ToDictionary(c => c.Key, c => c.Count).Should().BeEquivalentTo(
            events.GroupBy(e => e.Actor?.Id ?? string.Empty).ToDictionary(g => g.Key, g => (long)g.Count()));

        var hours = Start.AddHours(2);
        var byAction = await store.AggregateAsync(new AggregateQuery { From = hours, To = hours.AddHours(9), GroupBy = AggregateDimension.Action, TenantId = "acme" });
        byAction.ToDictionary(c => c.Key, c => c.Count).Should().BeEquivalentTo(
            events.Where(e => e.Timestamp >= hours && e.Timestamp < hours.AddHours(9) && e.TenantId == "acme").GroupBy(e => e.Action).ToDictionary(g => g.Key, g => (long)g.Count()));

        var withText = await store.AggregateAsync(new AggregateQuery { From = from, To = to, GroupBy = AggregateDimension.Category, Filter = new AuditQuery { Text = "credit" } });
        withText.Sum(c => c.Count).Should().Be(events.Count(e => QueryCases.Matches(e, new AuditQuery { Text = "credit" })));

        foreach (var query in new[]
        {
            new AuditQuery { ActorIds = ["jsmith"] },
            new AuditQuery { Text = "credit" },
            new AuditQuery { Text = "limit payment" },
            new AuditQuery { Text = "pay*", ActorIds = ["jsmith", "sjones"] },
            new AuditQuery { Text = "credit", TenantId = "acme", From = hours },
        })
        {
            (await store.CountAsync(query)).Should().Be(events.Count(e => QueryCases.Matches(e, query)), $"count of {query.Text} {string.Join(',', query.ActorIds ?? [])}");
            if (query.Text is not null)
            {
                (await ReadAllPagesAsync(store, query with { PageSize = 4 })).Should().Equal(Oracle(events, query), $"pages of \"{query.Text}\"");
            }
        }

        (await store.GetStorageInfoAsync()).EventCount.Should().Be(events.Count);
        var acme = await store.GetStorageInfoAsync("acme");
        var acmeEvents = events.Where(e => e.TenantId == "acme").ToList();
        acme.EventCount.Should().Be(acmeEvents.Count);
        if (acmeEvents.Count > 0)
        {
            acme.OldestTimestamp.Should().Be(acmeEvents.Min(e => e.Timestamp));
            acme.NewestTimestamp.Should().Be(acmeEvents.Max(e => e.Timestamp));
        }
    }

    private static List<Guid> Oracle(IEnumerable<AuditEvent> events, AuditQuery query) =>
        events.Where(e => QueryCases.Matches(e, query))
            .OrderByDescending(e => e.Timestamp).ThenByDescending(e => e.StreamId).ThenByDescending(e => e.Sequence)
            .Select(e => e.Id).ToList();

    private static async Task<List<Guid>> ReadAllPagesAsync(SqliteAuditStore store, AuditQuery query)
    {
        var ids = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await store.QueryAsync(query with { Cursor = cursor });
            ids.AddRange(page.Events.Select(e => e.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return ids;
    }

    private static async Task<long> MarkAsync(string connectionString, int streamId)
    {
        await using var connection = new SqliteConnection(connectionString + ";Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT coalesce((SELECT sequence FROM audit_index_marks WHERE stream_id = $s), (SELECT count(*) FROM audit_events));";
        command.Parameters.AddWithValue("$s", streamId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    // The events the roll-ups count (their hourly totals).
    private static async Task<long> IndexedCountAsync(string connectionString)
    {
        await using var connection = new SqliteConnection(connectionString + ";Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT coalesce(sum(count), 0) FROM audit_rollups WHERE dim = 0;";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task FtsIntegrityCheckAsync(string connectionString)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var check = connection.CreateCommand();
        check.CommandText = "INSERT INTO audit_events_fts (audit_events_fts) VALUES ('integrity-check');";
        await check.ExecuteNonQueryAsync();
    }

    private static async Task<string> FileStateAsync(string path)
    {
        var parts = new List<string>();
        foreach (var file in new[] { path, path + "-wal" })
        {
            parts.Add(File.Exists(file) ? Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(file))) : "-");
        }

        return string.Join('/', parts);
    }

    private static List<AuditEvent> Events(int count, int seed, Func<int, string>? message = null)
    {
        var events = EventGenerator.Generate(count, Start, TimeSpan.FromHours(count < 100 ? 12 : 48), seed);
        for (var i = 0; i < events.Count; i++)
        {
            if (message is not null)
            {
                events[i] = events[i] with { Message = message(i) + " " + events[i].Message };
            }

            StoreSeeder.Prepare(events[i]);
        }

        return events;
    }

    /// <summary>A store with a held stream, linking events as the writer does (<paramref name="trailBelow"/> null: the store's own).</summary>
    private sealed class TrailingWriter(SqliteAuditStore store, AuditStreamLease lease) : IAsyncDisposable
    {
        private readonly AuditChainWriter _chain = new(lease);

        public SqliteAuditStore Store => store;

        public int StreamId => lease.StreamId;

        public static async Task<TrailingWriter> OpenAsync(string connectionString, int? trailBelow, int? streamId = null)
        {
            var store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = connectionString });
            if (trailBelow is { } below)
            {
                store.TrailBelow = below;
            }

            await store.InitializeAsync();
            return new TrailingWriter(store, await store.OpenStreamAsync(streamId, "tests"));
        }

        public void Link(AuditEvent e) => _chain.Link(e);

        public async Task AppendAsync(IReadOnlyList<AuditEvent> batch)
        {
            foreach (var e in batch)
            {
                _chain.Link(e);
            }

            await store.AppendAsync(batch);
        }

        public async Task AppendOneByOneAsync(IEnumerable<AuditEvent> events)
        {
            foreach (var e in events)
            {
                await AppendAsync([e]);
            }
        }

        public async ValueTask DisposeAsync()
        {
            _chain.Dispose();
            await lease.DisposeAsync();
            await store.DisposeAsync();
        }
    }
}
