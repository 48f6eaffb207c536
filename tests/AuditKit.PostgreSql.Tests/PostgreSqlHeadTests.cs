using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AuditKit.PostgreSql.Tests;

/// <summary>With PostgreSQL and no configuration, the writer's heads go under the journal folder and the host's verifier uses them.</summary>
[TestFixture]
public sealed class PostgreSqlHeadTests
{
    [Test]
    public async Task Heads_PublishedUnderTheJournalFolder_CatchATailDeletedWithItsCheckpointRows()
    {
        var schema = "h_" + Guid.NewGuid().ToString("N")[..16];
        var journal = Path.Combine(Path.GetTempPath(), "auditkit-pg-tests", schema);
        try
        {
            string hash40;
            using (var host = Build(schema, journal))
            {
                await host.StartAsync();
                var log = host.Services.GetRequiredService<IAuditLog>();
                AuditEvent? fortieth = null;
                for (var i = 1; i <= 50; i++)
                {
                    var e = await log.RecordAsync(new AuditEvent(AuditCategory.UserAction, AuditActions.View) { Message = $"event {i}" });
                    fortieth = i == 40 ? e : fortieth;
                }

                hash40 = fortieth!.Hash!;
                await host.StopAsync();
            }

            var head = AuditHead.FromJson(await File.ReadAllTextAsync(Path.Combine(journal, "heads", "head-s1.json")));
            head.Sequence.Should().Be(50, "the writer publishes its head when it stops");
            await using (var connection = new NpgsqlConnection(PostgreSqlServer.ConnectionString))
            {
                await connection.OpenAsync();
                await using var delete = new NpgsqlCommand($"SET search_path TO {schema}; DELETE FROM audit_events WHERE key > {AuditStreamKey.Pack(1, 40)}; DELETE FROM audit_checkpoints;", connection);
                await delete.ExecuteNonQueryAsync();
            }

            await using (var store = new PostgreSqlAuditStore(new PostgreSqlAuditStoreOptions { ConnectionString = PostgreSqlServer.ConnectionString, Schema = schema, ReadOnly = true }))
            {
                (await AuditIntegrity.CreateVerifier(store).VerifyAsync()).Intact.Should().BeTrue("the store alone no longer shows the tail");
                (await store.GetAsync(1, 40))!.Hash.Should().Be(hash40);
            }

            using var verifierHost = Build(schema, journal); // built, not started: it writes nothing
            var report = await verifierHost.Services.GetRequiredService<IAuditVerifier>().VerifyAsync();

            report.Issues.Should().ContainSingle().Which.Should().Match<VerificationIssue>(i => i.Kind == VerificationIssueKind.TruncatedTail && i.Sequence == 41 && i.LastSequence == 50);
        }
        finally
        {
            if (Directory.Exists(journal))
            {
                Directory.Delete(journal, recursive: true);
            }
        }
    }

    private static IHost Build(string schema, string journal)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddAuditKit(a => a.UsePostgreSql(PostgreSqlServer.ConnectionString, o => o.Schema = schema).Configure(o => { o.JournalDirectory = journal; o.StreamId = 1; }));
        return builder.Build();
    }
}
