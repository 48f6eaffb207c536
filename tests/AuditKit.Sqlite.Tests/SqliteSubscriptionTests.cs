using AuditKit.Sqlite.Tests.Support;
using AuditKit.Storage.Conformance.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AuditKit.Sqlite.Tests;

/// <summary>Committed-log subscriptions on a real SQLite file, with real hosts: restart, two instances, takeover, a slow subscriber, failures.</summary>
public sealed class SqliteSubscriptionTests : SqliteSubscriptionFixture
{
    [Test]
    public async Task Subscription_Restart_ResumesFromTheStoredPositionWithoutLoss()
    {
        var recorder = new SubscriptionRecorder();
        using var writer = await SqliteHost.StartAsync(DatabasePath);
        var first = await RecordAsync(writer, 300, "first");
        using (var subscriber = await StartSubscriberAsync(recorder, "A"))
        {
            await recorder.WaitForAsync(first, Patience);
            await subscriber.StopAsync();
        }

        var second = await RecordAsync(writer, 200, "second");
        using (var subscriber = await StartSubscriberAsync(recorder, "B"))
        {
            await recorder.WaitForAsync([.. first, .. second], Patience);
            await subscriber.StopAsync();
        }

        recorder.Delivered.Where(d => d.Host == "A").Select(d => d.Event.Id).Should().BeEquivalentTo(first);
        recorder.Delivered.Where(d => d.Host == "B").Select(d => d.Event.Id).Should().BeEquivalentTo(second, "the restarted subscription resumes after the stored position: nothing lost, nothing again");
        InSequenceOrderPerStream(recorder).Should().BeTrue();
    }

    [Test]
    public async Task Subscription_StopWhileADeliveryIsInFlight_FinishesItAndTheRestartDoesNotDeliverItAgain()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var recorder = new SubscriptionRecorder();
        recorder.Before = (host, _, ct) => host == "A" ? release.Task.WaitAsync(ct) : Task.CompletedTask; // a POST awaiting its answer
        using var writer = await SqliteHost.StartAsync(DatabasePath);
        var first = await RecordAsync(writer, 20, "first");
        using (var subscriber = await StartSubscriberAsync(recorder, "A"))
        {
            await WaitUntilAsync(() => recorder.Calls.Count > 0);
            var stopping = subscriber.StopAsync();
            await Task.Delay(300);
            stopping.IsCompleted.Should().BeFalse("a graceful stop waits for the delivery in flight instead of cancelling it");
            release.SetResult();
            await stopping;
        }

        var second = await RecordAsync(writer, 10, "second");
        using (var subscriber = await StartSubscriberAsync(recorder, "B"))
        {
            await recorder.WaitForAsync([.. first, .. second], Patience);
            await subscriber.StopAsync();
        }

        recorder.Delivered.Where(d => d.Host == "A").Select(d => d.Event.Id).Should().BeEquivalentTo(first);
        recorder.Delivered.Where(d => d.Host == "B").Select(d => d.Event.Id).Should().BeEquivalentTo(second, "the batch finished during the stop kept its position: the restart does not send it again");
    }

    [Test]
    public async Task Subscription_TwoHostsOnOneFile_OneDeliversAtATimeAndTogetherEveryEvent()
    {
        var recorder = new SubscriptionRecorder { Before = (_, _, ct) => Task.Delay(5, ct) };
        using var a = await StartSubscriberAsync(recorder, "A");
        using var b = await StartSubscriberAsync(recorder, "B");
        var written = await Task.WhenAll(RecordAsync(a, 400, "a"), RecordAsync(b, 400, "b"));
        var all = written.SelectMany(ids => ids).ToList();

        await recorder.WaitForAsync(all, Patience);

        recorder.MaxInFlight.Should().Be(1, "one instance holds the lease and delivers at a time");
        recorder.Delivered.Select(d => d.Host).Distinct().Should().HaveCount(1, "while both live, the holder keeps the lease");
        recorder.Ids().Should().BeEquivalentTo(all);
        recorder.Delivered.Select(d => d.Event.StreamId).Distinct().Should().HaveCount(2, "each instance writes its own stream and the subscription reads both");
        InSequenceOrderPerStream(recorder).Should().BeTrue();
        await a.StopAsync();
        await b.StopAsync();
    }

    [Test]
    public async Task Subscription_HolderStopsRenewing_AnotherHostTakesOverAfterTheLease()
    {
        var hung = new TaskCompletionSource();
        var recorder = new SubscriptionRecorder();
        recorder.Before = (host, _, _) => host == "A" ? hung.Task : Task.CompletedTask; // A hangs and ignores cancellation
        using var a = await StartSubscriberAsync(recorder, "A");
        var ids = await RecordAsync(a, 50, "a");
        await WaitUntilAsync(() => recorder.Calls.Count > 0);
        using var b = await StartSubscriberAsync(recorder, "B");
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await recorder.WaitForAsync(ids, Patience);

        clock.Elapsed.Should().BeGreaterThan(TimeSpan.FromSeconds(1), "B waits for A's lease (2 s) to expire");
        recorder.Delivered.Should().OnlyContain(d => d.Host == "B");
        hung.SetResult();
        await a.StopAsync();
        await b.StopAsync();
    }

    [Test]
    public async Task Subscription_SlowSubscriberUnderSustainedWrites_FallsBehindThenCatchesUpWithNothingLost()
    {
        var recorder = new SubscriptionRecorder { Before = (_, _, ct) => Task.Delay(40, ct) };
        using var host = await StartSubscriberAsync(recorder, "A", batchSize: 20);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var written = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => RecordAsync(host, 500, $"w{i}")));
        var writing = clock.Elapsed;
        var deliveredWhenWritten = recorder.Ids().Count;
        var all = written.SelectMany(ids => ids).ToList();

        await recorder.WaitForAsync(all, Patience);

        deliveredWhenWritten.Should().BeLessThan(all.Count / 2, "the subscriber fell behind: 2,000 events need at least 100 calls of 40 ms");
        writing.Should().BeLessThan(clock.Elapsed, "the writes finished before the subscriber caught up: they never waited for it");
        recorder.Delivered.Should().HaveCount(all.Count, "every event exactly once here (no failure, no takeover)");
        recorder.Ids().Should().BeEquivalentTo(all);
        InSequenceOrderPerStream(recorder).Should().BeTrue();
        await host.StopAsync();
    }

    [Test]
    public async Task Subscription_HandlerThrows_RetriesTheSameBatchAndSkipsNothing()
    {
        var failures = 0;
        var recorder = new SubscriptionRecorder();
        recorder.Before = (_, events, _) =>
            events.Any(e => e.Message == "poison 17") && Interlocked.Increment(ref failures) <= 3 ? throw new InvalidOperationException("SIEM down") : Task.CompletedTask;
        using var host = await StartSubscriberAsync(recorder, "A", batchSize: 10);
        var ids = await RecordAsync(host, 60, "poison");

        await recorder.WaitForAsync(ids, Patience);

        failures.Should().Be(4, "three failures, then the fourth delivery of the batch succeeds");
        var poisoned = recorder.Calls.Where(c => c.Any(e => e.Message == "poison 17")).ToList();
        poisoned.Should().HaveCount(4);
        poisoned.Select(c => c[0].Sequence).Distinct().Should().HaveCount(1, "the position did not move past the failing batch");
        recorder.Delivered.Select(d => d.Event.Id).Should().BeEquivalentTo(ids, "nothing skipped, nothing twice after success");
        InSequenceOrderPerStream(recorder).Should().BeTrue();
        await host.StopAsync();
    }

    [Test]
    public async Task Subscription_TenantAndErasedEvents_AreDeliveredAsStored()
    {
        using (var writer = await SqliteHost.StartAsync(DatabasePath, s => s.AddAuditKit(a => a.AddErasure())))
        {
            var log = writer.Services.GetRequiredService<IAuditLog>();
            await log.RecordAsync(new AuditEvent(AuditCategory.Security, AuditActions.Login) { TenantId = "acme", Actor = new AuditActor("u-9", "Ann Example", "ann@example.com") });
            await log.RecordAsync(new AuditEvent(AuditCategory.UserAction, AuditActions.Export) { TenantId = "globex", Actor = new AuditActor("u-1", "Bob") });
            await writer.Services.GetRequiredService<IAuditEraser>().EraseAsync(ErasureRequest.ForActor("u-9", "DSR-1"));
            await writer.StopAsync();
        }

        var recorder = new SubscriptionRecorder();
        using var host = await StartSubscriberAsync(recorder, "A");
        await using var store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={DatabasePath};Mode=ReadOnly" });
        var stored = await store.ReadStreamAsync(1).ToListAsync();
        await recorder.WaitForAsync([.. stored.Select(e => e.Id)], Patience);

        var delivered = recorder.Delivered.Select(d => d.Event).Where(e => e.TenantId is not null).OrderBy(e => e.Sequence).ToList();
        delivered.Select(e => e.TenantId).Should().Equal("acme", "globex");
        delivered[0].Actor!.Name.Should().NotBe("Ann Example", "the erasure applies to what is delivered after it");
        foreach (var e in delivered)
        {
            var same = stored.Single(s => s.Id == e.Id);
            AuditChain.CanonicalBytes(e).Should().Equal(AuditChain.CanonicalBytes(same), "delivered exactly as stored");
        }

        await host.StopAsync();
    }

    private static bool InSequenceOrderPerStream(SubscriptionRecorder recorder) =>
        recorder.Delivered.GroupBy(d => (d.Host, d.Event.StreamId)).All(g => g.Select(d => d.Event.Sequence).Zip(g.Select(d => d.Event.Sequence).Skip(1)).All(p => p.First < p.Second));

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 3000 && !condition(); i++)
        {
            await Task.Delay(20);
        }

        condition().Should().BeTrue();
    }

    private Task<IHost> StartSubscriberAsync(SubscriptionRecorder recorder, string host, int batchSize = 100) =>
        SqliteHost.StartAsync(DatabasePath, s =>
        {
            s.AddSingleton(recorder.For(host));
            s.AddAuditKit(a => a.AddSubscription<SubscriptionRecorder.Subscriber>(Name, o =>
            {
                o.BatchSize = batchSize;
                o.PollInterval = TimeSpan.FromMilliseconds(50);
                o.LeaseDuration = TimeSpan.FromSeconds(2);
                o.RetryDelay = TimeSpan.FromMilliseconds(50);
            }));
        });
}
