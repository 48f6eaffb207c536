using AuditKit.Sqlite.Tests.Support;
using AuditKit.Storage.Conformance.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AuditKit.Sqlite.Tests;

/// <summary>The write pipeline end to end on real SQLite files: group commit, concurrency, several writers, restarts.</summary>
public sealed class SqlitePipelineTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new TempFolder();

    [TearDown]
    public void RemoveFolder() => _folder.Dispose();

    [Test]
    public async Task RecordAsync_EightConcurrentWritersOfTenThousand_AllPresentGapFreeAndChained()
    {
        var path = _folder.File("audit.db");
        using (var host = await StartAsync(path))
        {
            var log = host.Services.GetRequiredService<IAuditLog>();
            await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
            {
                var pending = new List<Task<AuditEvent>>(10_000);
                for (var i = 0; i < 10_000; i++)
                {
                    pending.Add(log.RecordAsync(new AuditEvent(AuditCategory.UserAction, "Click") { Message = $"w{w} #{i}", Actor = new AuditActor($"user{w}") }).AsTask());
                }

                await Task.WhenAll(pending);
            })));
            await host.StopAsync();
        }

        await using var store = Open(path);
        (await ChainCheck.VerifyAsync(store, 1)).Should().Be(80_000);
        (await store.CountAsync(new AuditQuery())).Should().Be(80_000);
        (await store.CountAsync(new AuditQuery { ActorIds = ["user3"] })).Should().Be(10_000);
        (await store.CountAsync(new AuditQuery { Text = "w5" })).Should().Be(10_000);
    }

    [Test]
    public async Task Restart_SameFile_ContinuesTheStreamAndItsChain()
    {
        var path = _folder.File("audit.db");
        for (var run = 0; run < 3; run++)
        {
            using var host = await StartAsync(path);
            var log = host.Services.GetRequiredService<IAuditLog>();
            for (var i = 0; i < 100; i++)
            {
                log.Record(new AuditEvent(AuditCategory.System, "Run") { Message = $"run {run}" });
            }

            await host.StopAsync();
        }

        await using var store = Open(path);
        (await ChainCheck.VerifyAsync(store, 1)).Should().Be(300);
        (await store.GetStorageInfoAsync()).Streams.Should().ContainSingle();
    }

    [Test]
    public async Task TwoInstancesInOneProcess_SameFile_EachWritesItsOwnIntactStream()
    {
        var path = _folder.File("audit.db");
        using var first = await StartAsync(path);
        using var second = await StartAsync(path);

        await Task.WhenAll(
            WriteAsync(first.Services.GetRequiredService<IAuditLog>(), 2_000, "a"),
            WriteAsync(second.Services.GetRequiredService<IAuditLog>(), 2_000, "b"));
        await first.StopAsync();
        await second.StopAsync();

        await using var store = Open(path);
        (await ChainCheck.VerifyAsync(store, 1)).Should().Be(2_000);
        (await ChainCheck.VerifyAsync(store, 2)).Should().Be(2_000);
        (await store.QueryAsync(new AuditQuery { PageSize = 1000 })).Events.Select(e => e.DisplayId).Should().Contain(id => id.Contains("-S2-"));
    }

    [Test]
    public async Task SeveralProcesses_SameFile_EachHoldsAStreamAndNoEventIsLost()
    {
        var path = _folder.File("audit.db");
        using var host = await StartAsync(path);
        using var childA = new ChildWriter(path, 3_000, "child-a", waitForGo: true);
        using var childB = new ChildWriter(path, 3_000, "child-b", waitForGo: true);
        await Task.WhenAll(childA.Ready, childB.Ready).WaitAsync(TimeSpan.FromMinutes(1));
        childA.Go();
        childB.Go();

        await WriteAsync(host.Services.GetRequiredService<IAuditLog>(), 3_000, "parent");
        var streamA = await childA.WaitAsync(TimeSpan.FromMinutes(2));
        var streamB = await childB.WaitAsync(TimeSpan.FromMinutes(2));
        await host.StopAsync();

        new[] { 1, streamA, streamB }.Should().OnlyHaveUniqueItems();
        childA.AcknowledgedIds.Should().HaveCount(3_000);
        await using var store = Open(path);
        foreach (var stream in new[] { 1, streamA, streamB })
        {
            (await ChainCheck.VerifyAsync(store, stream)).Should().Be(3_000);
        }

        foreach (var id in childA.AcknowledgedIds.Concat(childB.AcknowledgedIds).Where((_, i) => i % 97 == 0))
        {
            (await store.GetAsync(Guid.ParseExact(id, "N"))).Should().NotBeNull();
        }

        (await store.CountAsync(new AuditQuery())).Should().Be(9_000);
    }

    [Test]
    public async Task PreferredStream_HeldByAnotherProcess_FailsStartWithClearMessage()
    {
        var path = _folder.File("audit.db");
        using var child = new ChildWriter(path, 10, "holder", waitForGo: true);
        await child.Ready.WaitAsync(TimeSpan.FromMinutes(1));

        var thrown = await FluentActions.Awaiting(() => StartAsync(path, o => o.StreamId = 1)).Should().ThrowAsync<InvalidOperationException>();
        thrown.Which.Message.Should().Contain("held by another writer");
    }

    [Test]
    public async Task Initialize_FromSeveralStoresAtOnce_MigratesOnce()
    {
        var path = _folder.File("audit.db");
        var stores = Enumerable.Range(0, 4).Select(_ => Open(path)).ToList();

        await Task.WhenAll(stores.Select(s => s.InitializeAsync()));

        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM auditkit_migrations;";
        ((long)(await command.ExecuteScalarAsync())!).Should().Be(SqliteSchema.LatestVersion);
        command.CommandText = "PRAGMA journal_mode;";
        ((string)(await command.ExecuteScalarAsync())!).Should().Be("wal");
        foreach (var s in stores)
        {
            await s.DisposeAsync();
        }
    }

    [Test]
    public async Task Initialize_DatabaseFromANewerVersion_FailsNamingTheVersions()
    {
        var path = _folder.File("audit.db");
        await using (var store = Open(path))
        {
            await store.InitializeAsync();
        }

        SqliteConnection.ClearAllPools();
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO auditkit_migrations (version, applied_us) VALUES (999, 0);";
            await command.ExecuteNonQueryAsync();
        }

        await using var newer = Open(path);
        await FluentActions.Awaiting(() => newer.InitializeAsync()).Should().ThrowAsync<InvalidOperationException>().WithMessage("*999*");
    }

    [TestCase("")]
    [TestCase("Data Source=:memory:")]
    [TestCase("Mode=Memory")]
    [TestCase("Data Source=x.db;NoSuchKeyword=1")]
    public void Constructor_UnusableConnectionString_ThrowsNamingConnectionString(string connectionString)
    {
        FluentActions.Invoking(() => new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = connectionString }))
            .Should().Throw<ArgumentException>().WithMessage("*ConnectionString*");
    }

    [Test]
    public async Task SharedInMemoryDatabase_Works()
    {
        var name = "mem" + Guid.NewGuid().ToString("N");
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuditKit(a => a.UseSqlite($"Data Source={name};Mode=Memory;Cache=Shared").Configure(o => o.JournalDirectory = _folder.File("journal")));
        using var host = builder.Build();
        await host.StartAsync();

        var e = await host.Services.GetRequiredService<IAuditLog>().RecordAsync(AuditEvents.Login(new AuditActor("jsmith")));

        (await host.Services.GetRequiredService<IAuditReader>().GetAsync(e.Id)).Should().NotBeNull();
        await host.StopAsync();
    }

    private async Task<IHost> StartAsync(string path, Action<AuditKitOptions>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuditKit(a => a.UseSqlite($"Data Source={path}").Configure(o => configure?.Invoke(o)));
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return host;
    }

    private static SqliteAuditStore Open(string path) => new(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={path}" });

    private static async Task WriteAsync(IAuditLog log, int count, string label)
    {
        var pending = new List<Task<AuditEvent>>(count);
        for (var i = 0; i < count; i++)
        {
            pending.Add(log.RecordAsync(new AuditEvent(AuditCategory.UserAction, "Click") { Message = $"{label} #{i}" }).AsTask());
        }

        await Task.WhenAll(pending);
    }
}
