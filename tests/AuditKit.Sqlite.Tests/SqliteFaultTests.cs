using System.Diagnostics;
using AuditKit.Sqlite.Tests.Support;
using AuditKit.Storage.Conformance.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuditKit.Sqlite.Tests;

/// <summary>The "never lose an event" promise against real processes, locks and file systems.</summary>
[NonParallelizable]
public sealed class SqliteFaultTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new TempFolder();

    [TearDown]
    public void RemoveFolder() => _folder.Dispose();

    [Test]
    public async Task Sigkill_AtRandomMoments_EveryAcknowledgedEventIsPresentOnceAndTheChainVerifies()
    {
        var path = _folder.File("audit.db");
        var random = new Random(7);
        var acknowledged = new List<string>();
        for (var run = 0; run < 20; run++)
        {
            using var child = new ChildWriter(path, 1_000_000, $"run{run}");
            await child.Ready.WaitAsync(TimeSpan.FromMinutes(1));
            await Task.Delay(random.Next(20, 400));
            child.Kill();
            acknowledged.AddRange(child.AcknowledgedIds);
        }

        acknowledged.Should().HaveCountGreaterThan(100, "the children acknowledged events before being killed");
        await using var store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={path}" });
        var info = await store.GetStorageInfoAsync();
        var ids = new HashSet<Guid>();
        foreach (var stream in info.Streams)
        {
            (await ChainCheck.VerifyAsync(store, stream.StreamId)).Should().Be(stream.LastSequence);
            await foreach (var e in store.ReadStreamAsync(stream.StreamId))
            {
                ids.Add(e.Id).Should().BeTrue("no event is stored twice");
            }
        }

        acknowledged.Select(a => Guid.ParseExact(a, "N")).Should().OnlyHaveUniqueItems().And.BeSubsetOf(ids);
    }

    [Test]
    public async Task Sigkill_WhileTheOverflowJournalIsInUse_EveryAcknowledgedEventIsStoredExactlyOnce()
    {
        // A queue of 256 and 8 tasks awaiting RecordAsync 400 at a time: the overflow journal is in use most of the time,
        // so kills land while its events are being written, before its file is cleared, and (for the kills soon after
        // the start) while the next child takes over the file the previous one left.
        var path = _folder.File("audit.db");
        var journal = path + ".journal";
        var random = new Random(11);
        var acknowledged = new List<string>();
        var killedWithOverflow = 0;
        var watch = Stopwatch.StartNew();
        for (var run = 0; run < 10; run++)
        {
            using var child = new ChildWriter(path, 1_000_000, $"run{run}", overflow: true);
            if (run % 3 == 2)
            {
                await Task.Delay(random.Next(100, 1_200)); // at any moment of the start-up, including the take-over
            }
            else
            {
                await child.Ready.WaitAsync(TimeSpan.FromMinutes(1));
                await Task.Delay(random.Next(100, 1_000));
            }

            child.Kill();
            acknowledged.AddRange(child.AcknowledgedIds);
            killedWithOverflow += Directory.GetFiles(journal, "overflow-*.journal").Any(f => new FileInfo(f).Length > 4) ? 1 : 0;
        }

        using (var last = new ChildWriter(path, 0, "final"))
        {
            await last.WaitAsync(TimeSpan.FromMinutes(1)); // takes over what the last kill left
        }

        acknowledged.Should().HaveCountGreaterThan(100, "the children acknowledged events before being killed");
        killedWithOverflow.Should().BeGreaterThanOrEqualTo(3, "kills must land while the overflow journal holds events");
        Directory.GetFiles(journal, "overflow-*.journal").Should().BeEmpty("the final start took over every file");

        // The oracle reads the rows directly: one row per id, and every acknowledged id among them.
        var rows = new List<Guid>();
        await using (var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly"))
        {
            await connection.OpenAsync();
            using var select = connection.CreateCommand();
            select.CommandText = "SELECT id FROM audit_events;";
            using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(new Guid((byte[])reader[0], bigEndian: true));
            }
        }

        var stored = rows.GroupBy(id => id).ToList();
        stored.Where(g => g.Count() > 1).Select(g => g.Key).Should().BeEmpty("no event is stored twice (rows counted by id)");
        var ids = stored.Select(g => g.Key).ToHashSet();
        acknowledged.Select(a => Guid.ParseExact(a, "N")).Should().OnlyHaveUniqueItems().And.BeSubsetOf(ids);
        await using var store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={path}" });
        foreach (var stream in (await store.GetStorageInfoAsync()).Streams)
        {
            (await ChainCheck.VerifyAsync(store, stream.StreamId)).Should().Be(stream.LastSequence);
        }

        TestContext.Out.WriteLine($"{acknowledged.Count} acknowledged, {rows.Count} stored, {killedWithOverflow} kills with overflow in use, {watch.Elapsed.TotalSeconds:F1} s");
    }

    [Test]
    public async Task ExclusiveLockForTenSeconds_HundredThousandEvents_NoneLostOrderKeptHostNeverBlocked()
    {
        var path = _folder.File("audit.db");
        using var host = await StartAsync($"Data Source={path}", o => { o.QueueCapacity = 10_000; o.EnqueueTimeout = TimeSpan.FromMilliseconds(100); });
        var log = host.Services.GetRequiredService<IAuditLog>();
        await log.RecordAsync(new AuditEvent(AuditCategory.System, "Warm-up"));

        using var locker = new SqliteConnection($"Data Source={path}");
        await locker.OpenAsync();
        using (var begin = locker.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE;";
            await begin.ExecuteNonQueryAsync();
        }

        var release = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10));
            using var commit = locker.CreateCommand();
            commit.CommandText = "COMMIT;";
            await commit.ExecuteNonQueryAsync();
        });

        var longest = TimeSpan.Zero;
        var watch = new Stopwatch();
        for (var i = 0; i < 100_000; i++)
        {
            watch.Restart();
            log.Record(new AuditEvent(AuditCategory.UserAction, "Click") { Message = $"#{i}" });
            longest = watch.Elapsed > longest ? watch.Elapsed : longest;
        }

        await release;
        await log.FlushAsync();
        await host.StopAsync();

        // Each Record waits at most EnqueueTimeout (100 ms) for space, then overflows to disk; the margin is
        // for scheduling on a loaded 2-core machine. The store was locked for 10 s, so this proves no caller waited for it.
        longest.Should().BeLessThan(TimeSpan.FromSeconds(2));
        await using var store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={path}" });
        (await ChainCheck.VerifyAsync(store, 1)).Should().Be(100_001);
        var order = new List<string?>();
        await foreach (var e in store.ReadStreamAsync(1, 2))
        {
            order.Add(e.Message);
        }

        order.Should().Equal(Enumerable.Range(0, 100_000).Select(i => $"#{i}"), "sequence order is recording order");
    }

    [Test]
    public async Task StoreFailsUntilTheQueueFills_EventsSpillThenReplay_TotalsAndChainIntact()
    {
        var path = _folder.File("audit.db");
        using var host = await StartAsync($"Data Source={path};Default Timeout=1", o =>
        {
            o.QueueCapacity = 2_000;
            o.EnqueueTimeout = TimeSpan.FromMilliseconds(50);
            o.SpillAfter = TimeSpan.FromMilliseconds(100);
            o.ReplayInterval = TimeSpan.FromMilliseconds(200);
        });
        var log = host.Services.GetRequiredService<IAuditLog>();
        var check = host.Services.GetRequiredService<AuditKitHealthCheck>();
        await log.RecordAsync(new AuditEvent(AuditCategory.System, "Warm-up"));

        using var locker = new SqliteConnection($"Data Source={path}");
        await locker.OpenAsync();
        using (var begin = locker.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE;";
            await begin.ExecuteNonQueryAsync();
        }

        var acknowledged = await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var list = new List<AuditEvent>();
            for (var i = 0; i < 1_500; i++)
            {
                list.Add(await log.RecordAsync(new AuditEvent(AuditCategory.UserAction, "Click") { Message = $"w{w} #{i}" }));
            }

            return list;
        })));
        var during = await check.CheckHealthAsync(new HealthCheckContext());

        using (var commit = locker.CreateCommand())
        {
            commit.CommandText = "COMMIT;";
            await commit.ExecuteNonQueryAsync();
        }

        await log.FlushAsync();
        await WaitUntilAsync(async () => (await check.CheckHealthAsync(new HealthCheckContext())).Status == HealthStatus.Healthy);
        await host.StopAsync();

        during.Status.Should().Be(HealthStatus.Degraded);
        ((long)during.Data["spilled_events"]).Should().BePositive("the store was locked, so batches went to the journal");
        acknowledged.SelectMany(a => a).Should().HaveCount(12_000);
        await using var store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={path}" });
        (await ChainCheck.VerifyAsync(store, 1)).Should().Be(12_001);
        (await store.CountAsync(new AuditQuery { Actions = ["Click"] })).Should().Be(12_000);
    }

    [Test]
    public async Task DiskFull_EventsSpillToTheJournal_AndAreWrittenOnceSpaceReturns()
    {
        var mount = _folder.File("tmpfs");
        Directory.CreateDirectory(mount);
        Run("mount", $"-t tmpfs -o size=1m tmpfs {mount}");
        try
        {
            var path = Path.Combine(mount, "audit.db");
            using var host = await StartAsync($"Data Source={path}", o =>
            {
                o.JournalDirectory = _folder.File("journal");
                o.SpillAfter = TimeSpan.FromMilliseconds(100);
                o.ReplayInterval = TimeSpan.FromMilliseconds(200);
            });
            var log = host.Services.GetRequiredService<IAuditLog>();
            var check = host.Services.GetRequiredService<AuditKitHealthCheck>();
            var big = new string('x', 2_000);
            for (var i = 0; i < 3_000; i++)
            {
                await log.RecordAsync(new AuditEvent(AuditCategory.UserAction, "Note") { Message = $"#{i} {big}" }, AuditDurability.Enqueued);
            }

            await log.FlushAsync();
            var full = await check.CheckHealthAsync(new HealthCheckContext());
            full.Status.Should().Be(HealthStatus.Degraded, "6 MB of events do not fit in 1 MB");
            ((long)full.Data["spilled_events"]).Should().BePositive();

            Run("mount", $"-o remount,size=256m {mount}");
            await WaitUntilAsync(async () => (await check.CheckHealthAsync(new HealthCheckContext())).Status == HealthStatus.Healthy);
            await host.StopAsync();

            await using var store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={path}" });
            (await ChainCheck.VerifyAsync(store, 1)).Should().Be(3_000);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Run("umount", $"-l {mount}", check: false);
        }
    }

    private static async Task<IHost> StartAsync(string connectionString, Action<AuditKitOptions> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddAuditKit(a => a.UseSqlite(connectionString).Configure(configure));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("the condition did not become true within 60 s");
            }

            await Task.Delay(100);
        }
    }

    private static void Run(string command, string arguments, bool check = true)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardError = true, UseShellExecute = false })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (check && process.ExitCode != 0)
        {
            Assert.Fail($"'{command} {arguments}' failed ({process.ExitCode}): {error}. This test mounts a small tmpfs to fill the disk and must run as root (CI does).");
        }
    }
}
