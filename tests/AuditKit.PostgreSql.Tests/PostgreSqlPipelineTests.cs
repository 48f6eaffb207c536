using System.Security.Cryptography;
using AuditKit.Storage.Conformance.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuditKit.PostgreSql.Tests;

/// <summary>The whole pipeline against a real PostgreSQL server: several writer processes, and the server stopped mid-run.</summary>
[TestFixture]
[NonParallelizable]
public sealed class PostgreSqlPipelineTests
{
    private string _schema = null!;
    private string _journal = null!;

    [SetUp]
    public void NewSchema()
    {
        _schema = "p_" + Guid.NewGuid().ToString("N")[..16];
        _journal = Path.Combine(Path.GetTempPath(), "auditkit-pg-tests", _schema);
    }

    [TearDown]
    public void RemoveJournal()
    {
        if (Directory.Exists(_journal))
        {
            Directory.Delete(_journal, recursive: true);
        }
    }

    [Test]
    public async Task Host_RecordsAVerifiableChainWithSignedCheckpoints()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using (var host = await StartAsync(a => a.AddCheckpoints(c => { c.Signer = new EcdsaCheckpointSigner(key, "k"); c.EveryEvents = 500; })))
        {
            var log = host.Services.GetRequiredService<IAuditLog>();
            await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                for (var i = 0; i < 500; i++)
                {
                    await log.RecordAsync(new AuditEvent(AuditCategory.RecordChange, AuditActions.Update)
                    {
                        Target = new AuditTarget("Customer", $"C-{w}-{i}", "Acme Corporation"),
                        Changes = [new FieldChange("CreditLimit", "10000.00", "15000.00")],
                        Metadata = AuditMetadata.Create(("amount", 2.50e3), ("worker", w)),
                    });
                }
            })));
            await host.StopAsync();
        }

        await using var store = Store();
        var report = await AuditIntegrity.CreateVerifier(store).VerifyAsync(CheckpointVerifier.FromPublicKey(key));
        report.Intact.Should().BeTrue(string.Join("\n", report.Issues));
        report.EventsChecked.Should().Be(2_000);
        report.CheckpointsChecked.Should().Be(4);
        (await store.QueryAsync(new AuditQuery { Text = "acme", PageSize = 10 })).Events.Should().HaveCount(10);
    }

    [Test]
    public async Task SeveralWriterProcesses_EachOwnStream_ReadsMergeInTimestampOrder()
    {
        await using (var init = Store())
        {
            await init.InitializeAsync();
        }

        var children = Enumerable.Range(1, 3).Select(i => new ChildWriter($"postgres:{_schema}", 1_500, $"writer-{i}", waitForGo: true)).ToList();
        try
        {
            await Task.WhenAll(children.Select(c => c.Ready)).WaitAsync(TimeSpan.FromSeconds(60));
            children.ForEach(c => c.Go());
            var streams = new List<int>();
            foreach (var child in children)
            {
                streams.Add(await child.WaitAsync(TimeSpan.FromSeconds(120)));
            }

            streams.Should().OnlyHaveUniqueItems("each process holds its own stream");
            await using var store = Store();
            foreach (var stream in streams)
            {
                (await ChainCheck.VerifyAsync(store, stream)).Should().Be(1_500);
            }

            var all = new List<AuditEvent>();
            string? cursor = null;
            do
            {
                var page = await store.QueryAsync(new AuditQuery { PageSize = 1_000, Cursor = cursor });
                all.AddRange(page.Events);
                cursor = page.NextCursor;
            }
            while (cursor is not null);

            all.Select(e => e.Id.ToString("N")).Should().BeEquivalentTo(children.SelectMany(c => c.AcknowledgedIds), "every acknowledged event is stored exactly once");
            for (var i = 1; i < all.Count; i++)
            {
                var (a, b) = (all[i - 1], all[i]);
                (a.Timestamp > b.Timestamp || (a.Timestamp == b.Timestamp && (a.StreamId, a.Sequence).CompareTo((b.StreamId, b.Sequence)) > 0))
                    .Should().BeTrue("streams are merged newest first with a stable tiebreak (stream, then sequence)");
            }
        }
        finally
        {
            children.ForEach(c => c.Dispose());
        }
    }

    [Test]
    public async Task ServerStoppedAndRestartedMidRun_NothingIsLost()
    {
        var ids = new List<Guid>();
        using (var host = await StartAsync(a => a.Configure(o => { o.SpillAfter = TimeSpan.FromMilliseconds(300); o.ReplayInterval = TimeSpan.FromMilliseconds(300); })))
        {
            var log = host.Services.GetRequiredService<IAuditLog>();
            for (var i = 0; i < 300; i++)
            {
                ids.Add((await log.RecordAsync(new AuditEvent(AuditCategory.System, "Tick") { Message = $"before {i}" })).Id);
            }

            PostgreSqlServer.Stop();
            try
            {
                for (var i = 0; i < 300; i++)
                {
                    ids.Add((await log.RecordAsync(new AuditEvent(AuditCategory.System, "Tick") { Message = $"during {i}" })).Id);
                }

            }
            finally
            {
                PostgreSqlServer.Start();
            }

            for (var i = 0; i < 300; i++)
            {
                ids.Add((await log.RecordAsync(new AuditEvent(AuditCategory.System, "Tick") { Message = $"after {i}" })).Id);
            }

            // The events written to the spill journal while the server was down are replayed once it is back.
            await using var probe = Store();
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while ((await probe.GetStorageInfoAsync()).Streams.Single().EventCount < 900 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            await host.StopAsync();
        }

        await using var store = Store();
        var info = await store.GetStorageInfoAsync();
        info.Streams.Should().ContainSingle().Which.EventCount.Should().Be(900);
        (await ChainCheck.VerifyAsync(store, info.Streams[0].StreamId)).Should().Be(900);
        foreach (var id in ids)
        {
            (await store.GetAsync(id)).Should().NotBeNull($"acknowledged event {id} must be stored");
        }
    }

    [Test]
    public async Task ServerDownWhenTheHostStarts_HostStartsDegraded_NothingLostOnceTheServerIsBack()
    {
        var acknowledged = new List<Guid>();
        var fireAndForget = new List<Guid>();
        HealthCheckResult beforeServer;
        PostgreSqlServer.Stop();
        IHost host;
        try
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            host = await StartAsync(a => a.Configure(o => o.ReplayInterval = TimeSpan.FromMilliseconds(300)));
            started.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "the host starts without waiting for its audit database");
            var log = host.Services.GetRequiredService<IAuditLog>();
            var check = host.Services.GetRequiredService<AuditKitHealthCheck>();

            // For 6 s the server is down: 4 tasks await RecordAsync, one records fire-and-forget.
            var until = DateTime.UtcNow.AddSeconds(6);
            var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                var ids = new List<Guid>();
                for (var i = 0; DateTime.UtcNow < until; i++)
                {
                    var e = await log.RecordAsync(new AuditEvent(AuditCategory.System, "Tick") { Message = $"down w{w} #{i}" });
                    e.Sequence.Should().Be(0, "durable in the overflow journal while the server is down");
                    ids.Add(e.Id);
                    await Task.Delay(10);
                }

                return ids;
            })).ToList();
            while (DateTime.UtcNow < until)
            {
                var e = new AuditEvent(AuditCategory.System, "Tick") { Message = "fire-and-forget" };
                log.Record(e);
                fireAndForget.Add(e.Id);
                await Task.Delay(20);
            }

            acknowledged.AddRange((await Task.WhenAll(writers)).SelectMany(ids => ids));
            beforeServer = await check.CheckHealthAsync(new HealthCheckContext());
        }
        finally
        {
            PostgreSqlServer.Start();
        }

        using (host)
        {
            var log = host.Services.GetRequiredService<IAuditLog>();
            var check = host.Services.GetRequiredService<AuditKitHealthCheck>();
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while ((await check.CheckHealthAsync(new HealthCheckContext())).Status != HealthStatus.Healthy && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            (await check.CheckHealthAsync(new HealthCheckContext())).Status.Should().Be(HealthStatus.Healthy, "the writer connected and wrote what it journalled");
            var after = await log.RecordAsync(new AuditEvent(AuditCategory.System, "Tick") { Message = "after" });
            after.Sequence.Should().Be(acknowledged.Count + fireAndForget.Count + 1, "the journalled events were sequenced first, in order");
            acknowledged.Add(after.Id);
            await host.StopAsync();
        }

        beforeServer.Status.Should().Be(HealthStatus.Degraded);
        acknowledged.Should().HaveCountGreaterThan(100);

        // The oracle counts rows by id in the table itself (on an unpooled connection: a pooled one would outlive the
        // next test's server restart and fail whoever takes it from the pool).
        var rows = new Dictionary<Guid, int>();
        await using (var connection = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(PostgreSqlServer.ConnectionString) { Pooling = false }.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT id, count(*) FROM \"{_schema}\".audit_events GROUP BY id;";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows[reader.GetGuid(0)] = (int)reader.GetInt64(1);
            }
        }

        rows.Values.Where(n => n > 1).Should().BeEmpty("no event is stored twice");
        acknowledged.Concat(fireAndForget).Where(id => !rows.ContainsKey(id)).Should().BeEmpty("every event recorded while the server was down is stored");
        rows.Should().HaveCount(acknowledged.Count + fireAndForget.Count);
        await using var store = Store();
        (await ChainCheck.VerifyAsync(store, 1)).Should().Be(rows.Count);
    }

    [Test]
    public async Task Verify_RowEditedWithSql_NamesTheEventAndTheField()
    {
        using (var host = await StartAsync())
        {
            var log = host.Services.GetRequiredService<IAuditLog>();
            for (var i = 0; i < 50; i++)
            {
                await log.RecordAsync(new AuditEvent(AuditCategory.RecordChange, AuditActions.Update) { Actor = new AuditActor("jsmith", "John Smith"), Message = $"change {i}" });
            }

            await host.StopAsync();
        }

        await using (var connection = new Npgsql.NpgsqlConnection(PostgreSqlServer.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"UPDATE \"{_schema}\".audit_events SET actor_name = 'Somebody Else' WHERE key = {AuditStreamKey.Pack(1, 20)};";
            (await command.ExecuteNonQueryAsync()).Should().Be(1);
        }

        await using var store = Store();
        var issue = (await AuditIntegrity.CreateVerifier(store).VerifyAsync()).Issues.Should().ContainSingle().Which;
        issue.Should().BeEquivalentTo(new { Kind = VerificationIssueKind.EditedEvent, Sequence = 20L });
        issue.Fields.Should().Equal("actor");
    }

    private PostgreSqlAuditStore Store() => new(new PostgreSqlAuditStoreOptions { ConnectionString = PostgreSqlServer.ConnectionString, Schema = _schema });

    private async Task<IHost> StartAsync(Action<IAuditKitBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddAuditKit(a =>
        {
            a.UsePostgreSql(PostgreSqlServer.ConnectionString, o => o.Schema = _schema).Configure(o => o.JournalDirectory = _journal);
            configure?.Invoke(a);
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
