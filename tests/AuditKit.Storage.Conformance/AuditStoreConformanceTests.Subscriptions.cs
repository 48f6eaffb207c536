using AuditKit.Storage.Conformance.Support;

namespace AuditKit.Storage.Conformance;

/// <summary>What subscriptions read from a store: its streams, and bounded batches of a stream from a position.</summary>
public abstract partial class AuditStoreConformanceTests
{
    [Test]
    public virtual async Task ReadStreamBatch_FromAPosition_ReturnsAtMostMaxCountInSequenceOrder()
    {
        await using var store = await CreateStoreAsync();
        var first = EventGenerator.Generate(30, Start, TimeSpan.FromHours(1), seed: 21);
        var second = EventGenerator.Generate(10, Start, TimeSpan.FromHours(1), seed: 22);
        var one = await StoreSeeder.AppendAsync(store, first, batchSize: 8);
        var two = await StoreSeeder.AppendAsync(store, second, streamId: one + 1);

        (await store.GetStreamIdsAsync()).Should().Equal(one, two);
        (await store.ReadStreamBatchAsync(one, 11, 7)).Select(e => e.Id).Should().Equal(first.Skip(10).Take(7).Select(e => e.Id));
        (await store.ReadStreamBatchAsync(one, 25, 100)).Select(e => e.Sequence).Should().Equal(25, 26, 27, 28, 29, 30);
        (await store.ReadStreamBatchAsync(one, 31, 5)).Should().BeEmpty();
        var read = await store.ReadStreamBatchAsync(two, 1, 100);
        read.Select(e => e.Id).Should().Equal(second.Select(e => e.Id));
        read.Select(e => e.Hash).Should().Equal(second.Select(e => e.Hash), "events come as stored");
        await FluentActions.Awaiting(() => store.ReadStreamBatchAsync(one, 1, 0)).Should().ThrowAsync<ArgumentOutOfRangeException>();
    }
}
