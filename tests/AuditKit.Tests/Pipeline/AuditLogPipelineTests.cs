using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics;
using AuditKit.Storage.Conformance.Support;
using AuditKit.Testing;
using AuditKit.Tests.Support;

namespace AuditKit.Tests.Pipeline;

public sealed class AuditLogPipelineTests
{
    [Test]
    public async Task RecordAsync_Committed_ReturnsTheWrittenEventWithSequenceAndHash()
    {
        var store = new InMemoryAuditStore();
        await using var host = await AuditHost.StartAsync(a => a.UseInMemory(store));

        var e = await host.Log.RecordAsync(AuditEvents.Updated("Customer", "CUST-12345", "Acme Corporation", [new FieldChange("CreditLimit", "10000", "15000")]));

        e.Sequence.Should().Be(1);
        e.StreamId.Should().Be(1);
        e.Hash.Should().MatchRegex("^[0-9a-f]{64}$");
        e.Id.Version.Should().Be(7);
        e.DisplayId.Should().Be($"LOG-{e.Timestamp.Year}-1");
        store.Events.Should().ContainSingle().Which.Should().BeSameAs(e);
        (await host.Reader.GetAsync(e.DisplayId))!.Id.Should().Be(e.Id);
        (await host.Reader.GetAsync($"LOG-{e.Timestamp.Year - 27}-1")).Should().BeNull("a display id of another year is not this event");
    }

    [Test]
    public async Task Record_Timestamp_ComesFromTheTimeProviderWithMicrosecondPrecision()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 1, 22, 10, 45, 32, TimeSpan.FromHours(-5)).AddTicks(1234567));
        var store = new InMemoryAuditStore();
        await using var host = await AuditHost.StartAsync(a => a.UseInMemory(store), s => s.AddSingleton<TimeProvider>(time));

        var e = await host.Log.RecordAsync(new AuditEvent(AuditCategory.System, "Tick"));
        var explicitTime = await host.Log.RecordAsync(new AuditEvent(AuditCategory.System, "Tock") { Timestamp = new DateTimeOffset(2025, 5, 1, 8, 0, 0, TimeSpan.FromHours(2)) });

        e.Timestamp.Should().Be(new DateTimeOffset(2026, 1, 22, 15, 45, 32, TimeSpan.Zero).AddTicks(1234560));
        e.Timestamp.Offset.Should().Be(TimeSpan.Zero);
        explicitTime.Timestamp.Should().Be(new DateTimeOffset(2025, 5, 1, 6, 0, 0, TimeSpan.Zero));
    }

    [Test]
    public async Task Record_InsideContextScope_TakesActorClientTenantAndCorrelation_ExplicitValuesWin()
    {
        var store = new InMemoryAuditStore();
        await using var host = await AuditHost.StartAsync(a => a.UseInMemory(store));
        var john = new AuditActor("jsmith", "John Smith", Role: "Sales Manager");
        var client = new AuditClient("192.168.1.105", Device: "Chrome on Windows");
        using var activity = new Activity("request").SetIdFormat(ActivityIdFormat.W3C).Start();

        AuditEvent inherited, explicitOne;
        using (host.Context.BeginScope(new AuditContext(john, client, "acme", "req-1")))
        {
            await Task.Yield();
            inherited = await host.Log.RecordAsync(AuditEvents.Viewed("Order", "SO-1"));
            explicitOne = await host.Log.RecordAsync(new AuditEvent(AuditCategory.System, "Job") { Actor = AuditActor.System, TenantId = "globex", CorrelationId = "job-7" });
        }

        var outside = await host.Log.RecordAsync(AuditEvents.Viewed("Order", "SO-2"));

        inherited.Actor.Should().Be(john);
        inherited.Client.Should().Be(client);
        inherited.TenantId.Should().Be("acme");
        inherited.CorrelationId.Should().Be("req-1");
        inherited.TraceId.Should().Be(activity.TraceId.ToHexString());
        explicitOne.Actor.Should().Be(AuditActor.System);
        explicitOne.TenantId.Should().Be("globex");
        explicitOne.CorrelationId.Should().Be("job-7");
        explicitOne.Client.Should().Be(client, "values not set explicitly still come from the context");
        outside.Actor.Should().BeNull();
        outside.TenantId.Should().BeNull();
    }

    [Test]
    public async Task ContextScopes_Nest_AndRestoreTheOuterScopeOnDispose()
    {
        await using var host = await AuditHost.StartAsync(a => a.UseInMemory());
        var outer = new AuditContext(new AuditActor("a"));
        var inner = new AuditContext(new AuditActor("b"));

        using (host.Context.BeginScope(outer))
        {
            using (host.Context.BeginScope(inner))
            {
                host.Context.Current.Should().Be(inner);
            }

            host.Context.Current.Should().Be(outer);
        }

        host.Context.Current.Should().BeNull();
    }

    [Test]
    public async Task RecordAsync_EightConcurrentWritersOfTenThousand_AllPresentGapFreeAndChained()
    {
        var store = new InMemoryAuditStore();
        await using var host = await AuditHost.StartAsync(a => a.UseInMemory(store));

        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var pending = new List<Task>(10_000);
            for (var i = 0; i < 10_000; i++)
            {
                pending.Add(host.Log.RecordAsync(new AuditEvent(AuditCategory.UserAction, "Click") { Message = $"w{w} #{i}" }).AsTask());
            }

            await Task.WhenAll(pending);
        })));

        store.Events.Select(e => e.Sequence).Should().Equal(Enumerable.Range(1, 80_000).Select(i => (long)i));
        store.Events.Select(e => e.Message).Should().OnlyHaveUniqueItems();
        (await ChainCheck.VerifyAsync(store, 1)).Should().Be(80_000);
    }

    [Test]
    public async Task StopAsync_AfterFireAndForgetBurst_DrainsEveryQueuedEvent()
    {
        var store = new InMemoryAuditStore();
        var host = await AuditHost.StartAsync(a => a.UseInMemory(store));
        for (var i = 0; i < 50_000; i++)
        {
            host.Log.Record(new AuditEvent(AuditCategory.UserAction, "Click") { Message = i.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }

        await host.DisposeAsync();

        store.Events.Should().HaveCount(50_000);
        (await ChainCheck.VerifyAsync(store, 1)).Should().Be(50_000);
    }

    [Test]
    public async Task Record_AfterStop_GoesToTheOverflowJournalAndIsWrittenAtTheNextStart()
    {
        var store = new InMemoryAuditStore();
        var journal = Path.Combine(Path.GetTempPath(), "auditkit-tests", "journal-" + Guid.NewGuid().ToString("N"));
        var host = await AuditHost.StartAsync(a => a.UseInMemory(store).Configure(o => o.JournalDirectory = journal));
        var log = host.Log;
        await host.DisposeAsync();

        log.Record(new AuditEvent(AuditCategory.System, "Late") { Message = "fire-and-forget after stop" });
        var late = await log.RecordAsync(new AuditEvent(AuditCategory.System, "Late") { Message = "awaited after stop" });
        store.Events.Should().BeEmpty();
        late.Sequence.Should().Be(0, "it is durable in the overflow journal, not yet sequenced");

        await using var next = await AuditHost.StartAsync(a => a.UseInMemory(store).Configure(o => o.JournalDirectory = journal));
        store.Events.Select(e => e.Message).Should().Equal("fire-and-forget after stop", "awaited after stop");
        store.Events.Select(e => e.Sequence).Should().Equal(1, 2);
        Directory.GetFiles(journal, "overflow-*").Should().BeEmpty("a taken-over overflow file is deleted once written");
    }

    [Test]
    public async Task Record_QueueFull_BlocksTheCallerUntilSpaceFreesUp_NothingDropped()
    {
        var store = new DecoratedStore(gated: true);
        // Spilling and the enqueue timeout have tests of their own: here they are out of reach, so the caller can only
        // wait for the queue (on a loaded machine a spill after the default second let the producer finish early).
        await using var host = await AuditHost.StartAsync(a => a.UseStore("gated", _ => store).Configure(o =>
        {
            o.QueueCapacity = 10;
            o.MaxBatchSize = 5;
            o.EnqueueTimeout = TimeSpan.FromSeconds(20);
            o.SpillAfter = TimeSpan.FromMinutes(1);
        }));
        var producer = Task.Run(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                host.Log.Record(new AuditEvent(AuditCategory.UserAction, "Click"));
            }
        });

        await Task.Delay(300);
        producer.IsCompleted.Should().BeFalse("the queue holds 10 and the store accepts nothing yet");
        store.Open();
        await producer.WaitAsync(TimeSpan.FromSeconds(30));
        await host.Log.FlushAsync();

        store.Inner.Events.Should().HaveCount(100);
    }

    [Test]
    public async Task Record_QueueFullPastEnqueueTimeout_OverflowsToDiskInOrder_WithoutThrowing()
    {
        var store = new DecoratedStore(gated: true);
        await using var host = await AuditHost.StartAsync(a => a.UseStore("gated", _ => store).Configure(o =>
        {
            o.QueueCapacity = 2;
            o.MaxBatchSize = 1;
            o.EnqueueTimeout = TimeSpan.FromMilliseconds(200);
        }));

        for (var i = 0; i < 20; i++)
        {
            host.Log.Record(new AuditEvent(AuditCategory.UserAction, "Click") { Message = $"#{i}" });
        }

        store.Open();
        await host.Log.FlushAsync();

        store.Inner.Events.Select(e => e.Message).Should().Equal(Enumerable.Range(0, 20).Select(i => $"#{i}"), "events keep the order they were recorded in");
        (await ChainCheck.VerifyAsync(store.Inner, 1)).Should().Be(20);
    }

    [Test]
    public async Task RecordAsync_StoreFailsTransiently_RetriesAndStoresEachEventOnce()
    {
        var store = new DecoratedStore(failures: 4);
        await using var host = await AuditHost.StartAsync(a => a.UseStore("flaky", _ => store));

        var events = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => host.Log.RecordAsync(new AuditEvent(AuditCategory.UserAction, "Click")).AsTask()));

        store.AppendCalls.Should().BeGreaterThan(4);
        store.Inner.Events.Should().HaveCount(200);
        events.Select(e => e.Sequence).Order().Should().Equal(Enumerable.Range(1, 200).Select(i => (long)i));
        (await ChainCheck.VerifyAsync(store.Inner, 1)).Should().Be(200);
    }

    [Test]
    public async Task StopAsync_StoreNeverRecovers_JournalsWhatRemainsAndTheNextStartReplaysIt()
    {
        var store = new DecoratedStore(gated: true);
        var journal = Path.Combine(Path.GetTempPath(), "auditkit-tests", "journal-" + Guid.NewGuid().ToString("N"));
        var host = await AuditHost.StartAsync(a => a.UseStore("stuck", _ => store).Configure(o => { o.ShutdownTimeout = TimeSpan.FromMilliseconds(300); o.JournalDirectory = journal; }));
        var pending = host.Log.RecordAsync(new AuditEvent(AuditCategory.UserAction, "Click") { Message = "in flight" }).AsTask();
        await Task.Delay(50);
        host.Log.Record(new AuditEvent(AuditCategory.UserAction, "Click") { Message = "queued" });

        await host.DisposeAsync();

        (await pending).Sequence.Should().Be(1, "the shutdown journalled it, so the caller is told it is durable");
        store.Inner.Events.Should().BeEmpty();
        File.Exists(Path.Combine(journal, "stream-1.journal")).Should().BeTrue();

        await using var next = await AuditHost.StartAsync(a => a.UseStore("open", _ => store.Inner).Configure(o => o.JournalDirectory = journal));
        store.Inner.Events.Select(e => e.Message).Should().Equal("in flight", "queued");
        (await ChainCheck.VerifyAsync(store.Inner, 1)).Should().Be(2);
    }

    [Test]
    public async Task FlushAsync_CompletesAfterEverythingQueuedBeforeIt()
    {
        var store = new InMemoryAuditStore();
        await using var host = await AuditHost.StartAsync(a => a.UseInMemory(store));
        for (var i = 0; i < 1000; i++)
        {
            host.Log.Record(new AuditEvent(AuditCategory.UserAction, "Click"));
        }

        await host.Log.FlushAsync();

        store.Events.Should().HaveCount(1000);
    }

    [Test]
    public async Task RecordAsync_Enqueued_ReturnsBeforeCommitAndIsWrittenLater()
    {
        var store = new DecoratedStore(gated: true);
        await using var host = await AuditHost.StartAsync(a => a.UseStore("gated", _ => store));

        var e = await host.Log.RecordAsync(new AuditEvent(AuditCategory.UserAction, "Click"), AuditDurability.Enqueued);

        store.Inner.Events.Should().BeEmpty();
        store.Open();
        await host.Log.FlushAsync();
        store.Inner.Events.Should().ContainSingle().Which.Id.Should().Be(e.Id);
    }

    [Test]
    public async Task MaxBatchDelay_Configured_GroupsTrickledEventsIntoFewerBatches()
    {
        var store = new DecoratedStore();
        await using var host = await AuditHost.StartAsync(a => a.UseStore("count", _ => store).Configure(o => o.MaxBatchDelay = TimeSpan.FromMilliseconds(200)));

        var tasks = new List<Task>();
        for (var i = 0; i < 20; i++)
        {
            tasks.Add(host.Log.RecordAsync(new AuditEvent(AuditCategory.UserAction, "Click")).AsTask());
            await Task.Delay(2);
        }

        await Task.WhenAll(tasks);
        store.Inner.Events.Should().HaveCount(20);
        store.AppendCalls.Should().BeLessThan(10);
    }
}
