using System.Diagnostics.Metrics;
using AuditKit.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditKit.Tests.Pipeline;

/// <summary>
/// Where the writer runs (docs/architecture.md, "The latency path"). A caller awaiting its event's commit while the
/// writer is idle runs the writer's batch on its own thread, so with a store that appends synchronously its
/// <c>RecordAsync</c> returns completed (no thread hop either way); fire-and-forget events are committed on the
/// writer's own thread ("AuditKit writer"), not on a thread-pool worker a wake-up was queued to. Observed through the
/// <c>auditkit.batch.size</c> measurement, which the writer records right after each commit.
/// </summary>
public sealed class WriterThreadTests
{
    [Test]
    public async Task RecordAsync_OneCallerAwaitingEachEvent_CommitsOnTheCallersThread_AndReturnsCompleted()
    {
        var store = new DecoratedStore();
        await using var host = await AuditHost.StartAsync(a => a.UseStore("sync", _ => store));
        using var batches = new BatchThreads(host);

        var completedAtReturn = new List<bool>();
        var callerThreads = new List<int>();
        for (var i = 0; i < 200; i++)
        {
            callerThreads.Add(Environment.CurrentManagedThreadId);
            var pending = host.Log.RecordAsync(new AuditEvent(AuditCategory.UserAction, "Click") { Message = $"#{i}" });
            completedAtReturn.Add(pending.IsCompletedSuccessfully);
            (await pending.AsTask().WaitAsync(TimeSpan.FromSeconds(10))).Sequence.Should().Be(i + 1);
        }

        // The first event may meet a writer that has not reached its first wait yet; from then on it is idle.
        completedAtReturn.Skip(1).Should().OnlyContain(c => c, "the caller committed its own event before RecordAsync returned");
        var threads = batches.Snapshot();
        threads.Should().HaveCount(200, "one caller: one event per commit");
        threads.Skip(1).Select(t => t.Id).Should().Equal(callerThreads.Skip(1), "each batch ran on the thread of the caller that awaited it");
        store.Inner.Events.Should().HaveCount(200);
    }

    [Test]
    public async Task Record_FireAndForget_IsCommittedOnTheWritersOwnThread()
    {
        var store = new DecoratedStore();
        await using var host = await AuditHost.StartAsync(a => a.UseStore("sync", _ => store));
        using var batches = new BatchThreads(host);

        for (var i = 0; i < 50; i++)
        {
            host.Log.Record(new AuditEvent(AuditCategory.UserAction, "Click") { Message = $"#{i}" });
            await Task.Delay(2);
        }

        await host.Log.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var threads = batches.Snapshot();
        threads.Should().NotBeEmpty();
        threads.Should().OnlyContain(t => t.Name == "AuditKit writer" && !t.Pool, "a fire-and-forget event wakes the writer's own thread, never the caller's or a pool worker");
        store.Inner.Events.Should().HaveCount(50);
    }

    [Test]
    public async Task RecordAsync_AfterAnAppendThatYielded_CallersRunTheWriterAgain()
    {
        var store = new DecoratedStore(failures: 1, commitBeforeSomeFailures: false);
        await using var host = await AuditHost.StartAsync(a => a.UseStore("fails-once", _ => store));
        using var batches = new BatchThreads(host);

        // The first append fails; its retry runs after a back-off (Task.Delay), on a pool worker.
        var first = await host.Log.RecordAsync(new AuditEvent(AuditCategory.UserAction, "Click") { Message = "first" }).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var completedAtReturn = new List<bool>();
        for (var i = 0; i < 100; i++)
        {
            var pending = host.Log.RecordAsync(new AuditEvent(AuditCategory.UserAction, "Click") { Message = $"#{i}" });
            completedAtReturn.Add(pending.IsCompletedSuccessfully);
            await pending.AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        }

        first.Sequence.Should().Be(1);
        batches.Snapshot()[0].Pool.Should().BeTrue("the retry continued after the back-off on a pool worker");
        completedAtReturn.Should().OnlyContain(c => c, "the idle writer waits for the next caller again");
        store.Inner.Events.Select(e => e.Message).Should().Equal(new[] { "first" }.Concat(Enumerable.Range(0, 100).Select(i => $"#{i}")));
    }

    [Test]
    public async Task RecordAsync_ManyConcurrentCallers_EveryCallerReturnsAndEveryEventIsStoredInOrderOfItsSequence()
    {
        var store = new DecoratedStore();
        await using var host = await AuditHost.StartAsync(a => a.UseStore("sync", _ => store));
        using var batches = new BatchThreads(host);

        var callers = Enumerable.Range(0, 16).Select(c => Task.Run(async () =>
        {
            var sequences = new List<long>();
            for (var i = 0; i < 100; i++)
            {
                sequences.Add((await host.Log.RecordAsync(new AuditEvent(AuditCategory.UserAction, "Click") { Message = $"{c}/{i}" })).Sequence);
            }

            return sequences;
        })).ToList();
        var results = await Task.WhenAll(callers).WaitAsync(TimeSpan.FromSeconds(60));

        results.SelectMany(s => s).Should().OnlyHaveUniqueItems().And.HaveCount(1_600);
        results.Should().OnlyContain(s => s.SequenceEqual(s.Order()), "each caller's events keep its order");
        store.Inner.Events.Should().HaveCount(1_600);
        (await Storage.Conformance.Support.ChainCheck.VerifyAsync(store.Inner, 1)).Should().Be(1_600);
    }

    /// <summary>The thread of every <c>auditkit.batch.size</c> measurement of one host's meter.</summary>
    private sealed class BatchThreads : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<(int Id, string? Name, bool Pool)> _threads = [];

        public BatchThreads(AuditHost host)
        {
            var factory = host.Host.Services.GetRequiredService<IMeterFactory>();
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == "auditkit.batch.size" && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<int>((_, _, _, _) =>
            {
                lock (_threads)
                {
                    _threads.Add((Environment.CurrentManagedThreadId, Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread));
                }
            });
            _listener.Start();
        }

        public List<(int Id, string? Name, bool Pool)> Snapshot()
        {
            lock (_threads)
            {
                return [.. _threads];
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
