using AuditKit.Storage.Conformance.Support;
using AuditKit.Tests.Support;

namespace AuditKit.Tests.Pipeline;

/// <summary>
/// Recorded (not awaited) events: the writer links the next batch while the store is still writing one, so hashing
/// overlaps the store's work (docs/architecture.md, "The latency path"). Batches still commit in order, and what was
/// linked ahead is never lost when the log stops with a write in flight.
/// </summary>
public sealed class WriteAheadTests : WithJournalFolder
{
    [Test]
    public async Task RecordedEvents_TheNextBatchIsLinkedWhileOneIsWritten_StoredInOrder_ChainVerifies()
    {
        var store = new DecoratedStore(gated: true);
        await using var host = await AuditHost.StartAsync(a => a.UseStore("gated", _ => store).Configure(o => o.JournalDirectory = JournalFolder));
        var first = new AuditEvent(AuditCategory.UserAction, "Click") { Message = "#0" };
        host.Log.Record(first);
        await WaitUntilAsync(() => Volatile.Read(ref store.AppendCalls) == 1, "the first batch reached the store, which holds it");

        var next = Enumerable.Range(1, 20).Select(i => new AuditEvent(AuditCategory.UserAction, "Click") { Message = $"#{i}" }).ToList();
        foreach (var e in next)
        {
            host.Log.Record(e);
        }

        // The oracle is the events themselves: the writer gives each its sequence when it links it.
        await WaitUntilAsync(() => next.All(e => e.Sequence > 0), "the writer links the next batch while the first is being written");
        Volatile.Read(ref store.AppendCalls).Should().Be(1, "the next batch waits for the first to commit");
        store.Inner.Events.Should().BeEmpty();

        store.Open();
        await host.Log.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));
        store.Inner.Events.Select(e => e.Message).Should().Equal(Enumerable.Range(0, 21).Select(i => $"#{i}"), "batches commit in recording order");
        store.Inner.Events.Select(e => e.Sequence).Should().Equal(Enumerable.Range(1, 21).Select(i => (long)i));
        (await ChainCheck.VerifyAsync(store.Inner, 1)).Should().Be(21);
    }

    [Test]
    public async Task StopWithAWriteInFlight_TheBatchAndTheOneLinkedAfterItAreJournalled_TheNextStartWritesThemInOrder()
    {
        var store = new DecoratedStore(gated: true);
        var host = await AuditHost.StartAsync(a => a.UseStore("gated", _ => store).Configure(o =>
        {
            o.JournalDirectory = JournalFolder;
            o.ShutdownTimeout = TimeSpan.FromMilliseconds(200);
        }));
        host.Log.Record(new AuditEvent(AuditCategory.UserAction, "Click") { Message = "#0" });
        await WaitUntilAsync(() => Volatile.Read(ref store.AppendCalls) == 1, "the first batch reached the store, which holds it");
        var next = Enumerable.Range(1, 20).Select(i => new AuditEvent(AuditCategory.UserAction, "Click") { Message = $"#{i}" }).ToList();
        foreach (var e in next)
        {
            host.Log.Record(e);
        }

        await WaitUntilAsync(() => next.All(e => e.Sequence > 0), "the next batch is linked while the first is held");

        // The store never answers: the stop aborts the write in flight after ShutdownTimeout.
        await host.DisposeAsync();
        store.Inner.Events.Should().BeEmpty();

        await using var restarted = await AuditHost.StartAsync(a => a.UseStore("up", _ => store.Inner).Configure(o => o.JournalDirectory = JournalFolder));
        store.Inner.Events.Select(e => e.Message).Should().Equal(Enumerable.Range(0, 21).Select(i => $"#{i}"), "nothing linked is lost, and the order holds");
        (await ChainCheck.VerifyAsync(store.Inner, 1)).Should().Be(21);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string because)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, because);
            await Task.Delay(10);
        }
    }
}
