using AuditKit.Sqlite.Tests.Support;
using AuditKit.Storage.Conformance.Support;

namespace AuditKit.Sqlite.Tests;

/// <summary>
/// The writer's page cache: SQLite's 2 MB default while batches are small (SQLite walks the whole cache's hash at the
/// end of every transaction, which made a 32 MB cache the top cost of one-event commits), 32 MB from the first bulk
/// batch on (docs/benchmarks.md, "Awaited events").
/// </summary>
public sealed class SqliteWriterCacheTests
{
    [Test]
    public async Task SmallBatches_KeepSqlitesDefaultCache_TheFirstBulkBatchGrowsItTo32MB_AndEveryEventIsStored()
    {
        using var folder = new TempFolder();
        await using var store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={folder.File("audit.db")}" });
        await StoreSeeder.AppendAsync(store, Events(50, seed: 1), batchSize: 1);
        store.WriterHasLargeCache.Should().BeFalse();
        store.WriterCacheSize().Should().Be(-2000, "SQLite's default page cache (2,048,000 bytes) while every batch is small");

        await StoreSeeder.AppendAsync(store, Events(SqliteAppender.LargeCacheFrom - 1, seed: 2), batchSize: SqliteAppender.LargeCacheFrom - 1);
        store.WriterHasLargeCache.Should().BeFalse("a batch one event short of the threshold keeps the default");
        store.WriterCacheSize().Should().Be(-2000);

        await StoreSeeder.AppendAsync(store, Events(SqliteAppender.LargeCacheFrom + 10, seed: 3), batchSize: SqliteAppender.LargeCacheFrom);
        store.WriterHasLargeCache.Should().BeTrue();
        store.WriterCacheSize().Should().Be(-32768, "32 MB in KiB");

        var info = await store.GetStorageInfoAsync();
        info.Streams.Sum(s => s.LastSequence).Should().Be(50 + (SqliteAppender.LargeCacheFrom - 1) + SqliteAppender.LargeCacheFrom + 10, "every batch was stored");
    }

    private static List<AuditEvent> Events(int count, int seed)
    {
        var events = EventGenerator.Generate(count, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(1), seed);
        foreach (var e in events)
        {
            StoreSeeder.Prepare(e);
        }

        return events;
    }
}
