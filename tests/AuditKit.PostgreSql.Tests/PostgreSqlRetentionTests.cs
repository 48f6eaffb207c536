using AuditKit.Storage.Conformance.Support;

namespace AuditKit.PostgreSql.Tests;

/// <summary>Whole months leave by dropping their partition, not row by row.</summary>
[TestFixture]
public sealed class PostgreSqlRetentionTests
{
    [Test]
    public async Task DropMonthsBefore_RemovesWholeExpiredMonthsAndTheirRollups_KeepsTheRest()
    {
        await using var store = PostgreSqlServer.NewStore(out _);
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var events = EventGenerator.Generate(3_000, start, TimeSpan.FromDays(89), seed: 7); // January to March
        events.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
        await StoreSeeder.AppendAsync(store, events);
        var march = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var kept = events.Count(e => e.Timestamp >= march);

        var dropped = await store.DropMonthsBeforeAsync(march.AddDays(10));

        dropped.Should().Equal(start, start.AddMonths(1));
        (await store.CountAsync(new AuditQuery())).Should().Be(kept, "the roll-ups of dropped months go with them");
        (await store.CountAsync(new AuditQuery { From = start, To = march })).Should().Be(0);
        var page = await store.QueryAsync(new AuditQuery { PageSize = 1_000 });
        page.Events.Should().OnlyContain(e => e.Timestamp >= march);
        (await store.AggregateAsync(new AggregateQuery { From = start, To = march.AddMonths(1), GroupBy = AggregateDimension.Day })).Sum(c => c.Count).Should().Be(kept);

        (await store.DropMonthsBeforeAsync(march.AddDays(10))).Should().BeEmpty("nothing more to drop");

        // A late event for a dropped month recreates its partition instead of failing.
        var late = EventGenerator.Generate(1, start.AddDays(14), TimeSpan.FromHours(1), seed: 8);
        await StoreSeeder.AppendAsync(store, late, streamId: events[0].StreamId);
        (await store.CountAsync(new AuditQuery { From = start, To = march })).Should().Be(1);
    }
}
