using System.Diagnostics.Metrics;
using AuditKit.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditKit.Tests.Pipeline;

/// <summary>
/// The writer's own thread (docs/architecture.md, "The latency path"): while the store appends synchronously, every
/// batch is committed on the thread named "AuditKit writer", not on a thread-pool worker a wake-up was queued to; after
/// an append that yielded (a failure's back-off) the writer returns to that thread. Observed through the
/// <c>auditkit.batch.size</c> measurement, which the writer records right after each commit.
/// </summary>
public sealed class WriterThreadTests
{
    [Test]
    public async Task RecordAsync_StoreAppendsSynchronously_EveryBatchIsCommittedOnTheWritersOwnThread()
    {
        var store = new DecoratedStore();
        await using var host = await AuditHost.StartAsync(a => a.UseStore("sync", _ => store));
        using var batches = new BatchThreads(host);

        for (var i = 0; i < 200; i++)
        {
            await host.Log.RecordAsync(new AuditEvent(AuditCategory.UserAction, "Click") { Message = $"#{i}" }).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        }

        var threads = batches.Snapshot();
        threads.Should().NotBeEmpty();
        threads.Should().OnlyContain(t => t.Name == "AuditKit writer" && !t.Pool, "an awaited event wakes the writer's own thread, not a pool worker");
        store.Inner.Events.Should().HaveCount(200);
    }

    [Test]
    public async Task RecordAsync_AfterAnAppendThatYielded_TheWriterReturnsToItsOwnThread()
    {
        var store = new DecoratedStore(failures: 1, commitBeforeSomeFailures: false);
        await using var host = await AuditHost.StartAsync(a => a.UseStore("fails-once", _ => store));
        using var batches = new BatchThreads(host);

        // The first append fails; its retry runs after a back-off (Task.Delay), on a pool worker.
        var first = await host.Log.RecordAsync(new AuditEvent(AuditCategory.UserAction, "Click") { Message = "first" }).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        for (var i = 0; i < 100; i++)
        {
            await host.Log.RecordAsync(new AuditEvent(AuditCategory.UserAction, "Click") { Message = $"#{i}" }).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        }

        var threads = batches.Snapshot();
        first.Sequence.Should().Be(1);
        threads[0].Pool.Should().BeTrue("the retry continued after the back-off on a pool worker");
        threads.Skip(1).Should().NotBeEmpty();
        threads.Skip(1).Should().OnlyContain(t => t.Name == "AuditKit writer" && !t.Pool, "the idle writer hopped back to its own thread");
        store.Inner.Events.Select(e => e.Message).Should().Equal(new[] { "first" }.Concat(Enumerable.Range(0, 100).Select(i => $"#{i}")));
    }

    /// <summary>The thread of every <c>auditkit.batch.size</c> measurement of one host's meter.</summary>
    private sealed class BatchThreads : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<(string? Name, bool Pool)> _threads = [];

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
                    _threads.Add((Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread));
                }
            });
            _listener.Start();
        }

        public List<(string? Name, bool Pool)> Snapshot()
        {
            lock (_threads)
            {
                return [.. _threads];
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
