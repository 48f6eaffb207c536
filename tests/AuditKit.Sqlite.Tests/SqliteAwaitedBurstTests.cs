using System.Diagnostics.Metrics;
using AuditKit.Sqlite.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AuditKit.Sqlite.Tests;

/// <summary>
/// One caller that starts many awaited events before awaiting any (EF Core's async save with
/// <c>AuditDurability.Committed</c>, the outbox's release: <c>Task.WhenAll</c> over <c>RecordAsync</c>) gets them
/// committed together, not one commit per event. A writer that let each awaiting caller run its own batch at once
/// (tried for issue 15, docs/benchmarks.md "Awaited events: the writer's thread hops") committed such a burst event by
/// event: 100 fsyncs per save. This guards against that.
/// </summary>
public sealed class SqliteAwaitedBurstTests
{
    [Test]
    public async Task RecordAsync_TwoHundredStartedBeforeAnyIsAwaited_ShareAFewCommits()
    {
        using var folder = new TempFolder();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuditKit(a => a.UseSqlite($"Data Source={folder.File("audit.db")}"));
        using var host = builder.Build();
        await host.StartAsync();
        var log = host.Services.GetRequiredService<IAuditLog>();
        await log.RecordAsync(new AuditEvent(AuditCategory.UserAction, "Click") { Message = "warm-up" });

        var factory = host.Services.GetRequiredService<IMeterFactory>();
        var batches = new List<int>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "auditkit.batch.size" && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((_, size, _, _) =>
        {
            lock (batches)
            {
                batches.Add(size);
            }
        });
        listener.Start();

        for (var round = 0; round < 5; round++)
        {
            var pending = Enumerable.Range(0, 200)
                .Select(i => log.RecordAsync(new AuditEvent(AuditCategory.UserAction, "Click") { Message = $"{round}/{i}" }).AsTask())
                .ToList();
            (await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(60))).Select(e => e.Sequence).Should().BeInAscendingOrder();
        }

        await host.StopAsync();
        lock (batches)
        {
            batches.Sum().Should().Be(1_000);
            batches.Count.Should().BeLessThan(100, "200 events started together share commits (one commit per event would be 1,000)");
        }
    }
}
