using AuditKit.Storage.Conformance.Support;
using AuditKit.Testing;
using AuditKit.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AuditKit.Tests.Pipeline;

/// <summary>
/// The pipeline when something it needs is unavailable: the store at start-up, the journal too, the log itself
/// (stopped), and a take-over interrupted by a crash.
/// </summary>
public sealed class DegradedPipelineTests : WithJournalFolder
{
    [Test]
    public async Task StartAsync_StoreUnreachable_StartsDegraded_CallersCompleteOnceJournalled_WrittenInOrderOnceReachable()
    {
        var store = new DecoratedStore { Unreachable = true };
        await using var host = await AuditHost.StartAsync(a => a.UseStore("down", _ => store).Configure(o => o.JournalDirectory = JournalFolder));
        var check = host.Host.Services.GetRequiredService<AuditKitHealthCheck>();
        var degraded = await check.CheckHealthAsync(new HealthCheckContext());

        var acknowledged = new List<AuditEvent>();
        for (var i = 0; i < 300; i++)
        {
            if (i % 3 == 0)
            {
                host.Log.Record(new AuditEvent(AuditCategory.UserAction, "Click") { Message = $"#{i}" });
            }
            else
            {
                acknowledged.Add(await host.Log.RecordAsync(new AuditEvent(AuditCategory.UserAction, "Click") { Message = $"#{i}" }).AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
            }
        }

        await host.Log.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var whileDown = await check.CheckHealthAsync(new HealthCheckContext());
        store.Inner.Events.Should().BeEmpty("the store is down");
        acknowledged.Should().OnlyContain(e => e.Sequence == 0, "RecordAsync completes once the event is durable in the overflow journal, before it is sequenced");

        store.Unreachable = false;
        await WaitUntilAsync(async () => (await check.CheckHealthAsync(new HealthCheckContext())).Status == HealthStatus.Healthy);

        degraded.Status.Should().Be(HealthStatus.Degraded);
        degraded.Description.Should().Contain("not been reached");
        whileDown.Status.Should().Be(HealthStatus.Degraded);
        ((long)whileDown.Data["overflowed_events"]).Should().Be(300);
        store.Inner.Events.Select(e => e.Message).Should().Equal(Enumerable.Range(0, 300).Select(i => $"#{i}"), "events keep their recording order");
        (await ChainCheck.VerifyAsync(store.Inner, 1)).Should().Be(300);
        store.Inner.Events.Select(e => e.Id).Should().Contain(acknowledged.Select(e => e.Id));
        var after = await host.Log.RecordAsync(new AuditEvent(AuditCategory.UserAction, "Click") { Message = "after" });
        after.Sequence.Should().Be(301);
    }

    [Test]
    public async Task StopAsync_StoreNeverReached_JournalledEventsAreWrittenByTheNextStart()
    {
        var store = new DecoratedStore { Unreachable = true };
        var host = await AuditHost.StartAsync(a => a.UseStore("down", _ => store).Configure(o => o.JournalDirectory = JournalFolder));
        var ids = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add((await host.Log.RecordAsync(new AuditEvent(AuditCategory.UserAction, "Click") { Message = $"#{i}" })).Id);
        }

        await host.DisposeAsync();
        store.Inner.Events.Should().BeEmpty();

        await using var next = await AuditHost.StartAsync(a => a.UseStore("up", _ => store.Inner).Configure(o => o.JournalDirectory = JournalFolder));
        store.Inner.Events.Select(e => e.Id).Should().Equal(ids);
        Directory.GetFiles(JournalFolder, "overflow-*").Should().BeEmpty();
    }

    [Test]
    public async Task TakeOver_CrashAfterWritingBeforeDeletingTheFile_DoesNotStoreAnyEventTwice()
    {
        var store = new InMemoryAuditStore();
        var host = await AuditHost.StartAsync(a => a.UseInMemory(store).Configure(o => o.JournalDirectory = JournalFolder));
        var log = host.Log;
        await host.DisposeAsync();
        for (var i = 0; i < 10; i++)
        {
            await log.RecordAsync(new AuditEvent(AuditCategory.System, "Late") { Message = $"#{i}" }); // after the stop: overflow journal
        }

        var orphans = Directory.GetFiles(JournalFolder, "overflow-*"); // after the stop, one file per event
        orphans.Should().HaveCount(10);
        foreach (var orphan in orphans)
        {
            File.Copy(orphan, orphan + ".copy");
        }

        await using (await AuditHost.StartAsync(a => a.UseInMemory(store).Configure(o => o.JournalDirectory = JournalFolder)))
        {
            store.Events.Should().HaveCount(10);
        }

        // The take-over wrote the events, then "crashed" before deleting the file: the next start finds it again.
        foreach (var orphan in orphans)
        {
            File.Move(orphan + ".copy", orphan);
        }
        await using (await AuditHost.StartAsync(a => a.UseInMemory(store).Configure(o => o.JournalDirectory = JournalFolder)))
        {
            store.Events.Should().HaveCount(10, "every id of the file is stored already");
        }

        store.Events.Select(e => e.Message).Should().Equal(Enumerable.Range(0, 10).Select(i => $"#{i}"));
        (await ChainCheck.VerifyAsync(store, 1)).Should().Be(10);
        Directory.GetFiles(JournalFolder, "overflow-*").Should().BeEmpty();
    }

    [Test]
    public async Task JournalCannotBeWritten_WhileTheStoreFails_CallersGetAuditLogUnavailableException_HealthUnhealthy()
    {
        var mount = Path.Combine(JournalFolder, "tmpfs");
        Directory.CreateDirectory(mount);
        Run("mount", $"-t tmpfs -o size=1m tmpfs {mount}");
        try
        {
            var store = new DecoratedStore();
            await using var host = await AuditHost.StartAsync(a => a.UseStore("failing", _ => store).Configure(o =>
            {
                o.JournalDirectory = mount;
                o.QueueCapacity = 2;
                o.MaxBatchSize = 1;
                o.EnqueueTimeout = TimeSpan.FromMilliseconds(50);
                o.SpillAfter = TimeSpan.FromMilliseconds(50);
                o.CommitTimeout = TimeSpan.FromSeconds(1);
                o.ShutdownTimeout = TimeSpan.FromMilliseconds(500);
            }));
            var check = host.Host.Services.GetRequiredService<AuditKitHealthCheck>();
            await host.Log.RecordAsync(new AuditEvent(AuditCategory.System, "Warm-up") { Message = "Warm-up" });
            FillDisk(Path.Combine(mount, "filler"));
            store.Unreachable = true;

            // In the writer's batch: the store fails, the spill journal cannot take it, so it is durable nowhere. (Its
            // changes fill more than the free rest of the journal's last 4 KB page, which tmpfs already counts as used.)
            var big = Enumerable.Range(0, 40).Select(i => new FieldChange($"Field{i}", null, new string('x', 500))).ToList();
            var inBatch = async () => await host.Log.RecordAsync(new AuditEvent(AuditCategory.UserAction, "Click") { Message = "in batch", Changes = big });
            (await inBatch.Should().ThrowAsync<AuditLogUnavailableException>()).Which.Message.Should().Contain("CommitTimeout");
            var journalFailing = await check.CheckHealthAsync(new HealthCheckContext());

            // The queue fills; past EnqueueTimeout events go to the overflow journal, which cannot be written either.
            for (var i = 0; i < 5; i++)
            {
                host.Log.Record(new AuditEvent(AuditCategory.UserAction, "Click") { Message = $"fire-and-forget #{i}" });
            }

            var overflowing = async () => await host.Log.RecordAsync(new AuditEvent(AuditCategory.UserAction, "Click") { Message = "overflow" });
            (await overflowing.Should().ThrowAsync<AuditLogUnavailableException>()).Which.Message.Should().Contain("overflow journal");
            var lost = await check.CheckHealthAsync(new HealthCheckContext());

            journalFailing.Status.Should().Be(HealthStatus.Unhealthy, "neither the store nor the spill journal takes events");
            lost.Status.Should().Be(HealthStatus.Unhealthy);
            ((long)lost.Data["unwritten_events"]).Should().BeGreaterThanOrEqualTo(2, "the overflowed fire-and-forget events and the awaited one are counted");

            // Space returns, then the store: the batch the writer kept in memory is journalled, replayed and stored, and
            // the failed journal writes left no cut-short record in front of it.
            File.Delete(Path.Combine(mount, "filler"));
            await WaitUntilAsync(async () => (long)(await check.CheckHealthAsync(new HealthCheckContext())).Data["spilled_events"] > 0);
            store.Unreachable = false;
            await host.Log.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));
            await WaitUntilAsync(async () => (long)(await check.CheckHealthAsync(new HealthCheckContext())).Data["pending_journal_events"] == 0);
            store.Inner.Events.Select(e => e.Message).Should().StartWith(["Warm-up", "in batch"]);
            (await ChainCheck.VerifyAsync(store.Inner, 1)).Should().Be(store.Inner.Events.Count);
        }
        finally
        {
            Run("umount", $"-l {mount}", check: false);
        }
    }

    [Test]
    public async Task StoppedLog_RecordAndRecordAsyncJournal_FlushAsyncThrowsAuditLogUnavailableException()
    {
        var store = new InMemoryAuditStore();
        var host = await AuditHost.StartAsync(a => a.UseInMemory(store).Configure(o => o.JournalDirectory = JournalFolder));
        var log = host.Log;
        await host.DisposeAsync();

        log.Record(new AuditEvent(AuditCategory.System, "Late"));
        (await log.RecordAsync(new AuditEvent(AuditCategory.System, "Late"))).Sequence.Should().Be(0, "durable in the overflow journal, sequenced by the next start");
        var flush = async () => await log.FlushAsync();

        (await flush.Should().ThrowAsync<AuditLogUnavailableException>()).Which.Message.Should().Contain("stopped");
        Directory.GetFiles(JournalFolder, "overflow-*").Should().HaveCount(2);
    }

    [Test]
    public async Task StartAsync_TwoStoresShareOneJournalFolder_FailsNamingTheFolder()
    {
        await using var first = await AuditHost.StartAsync(a => a.UseInMemory(new InMemoryAuditStore()).Configure(o => o.JournalDirectory = JournalFolder));

        var second = async () => await AuditHost.StartAsync(a => a.UseInMemory(new InMemoryAuditStore()).Configure(o => o.JournalDirectory = JournalFolder));

        (await second.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain(JournalFolder).And.Contain("JournalDirectory");
    }

    private static void FillDisk(string path)
    {
        using var filler = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        var chunk = new byte[16 * 1024];
        try
        {
            while (true)
            {
                filler.Write(chunk);
                filler.Flush(flushToDisk: true);
            }
        }
        catch (IOException)
        {
            // full
        }
    }

    private static void Run(string command, string arguments, bool check = true)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(command, arguments) { RedirectStandardError = true, UseShellExecute = false })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (check && process.ExitCode != 0)
        {
            Assert.Fail($"'{command} {arguments}' failed ({process.ExitCode}): {error}. This test mounts a 1 MB tmpfs to make the journal unwritable and must run as root (CI does).");
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("the condition did not become true within 30 s");
            }

            await Task.Delay(50);
        }
    }
}
