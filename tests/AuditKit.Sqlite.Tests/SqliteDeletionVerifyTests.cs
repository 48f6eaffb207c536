using System.Security.Cryptography;
using AuditKit.Sqlite.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuditKit.Sqlite.Tests;

/// <summary>
/// A retention deletion (<see cref="AuditStore.DeleteEventsAsync"/>) on a log written by the pipeline with signed
/// checkpoints and published heads: the verifier reports it intact, and still reports tampering with what remains.
/// </summary>
public sealed class SqliteDeletionVerifyTests
{
    private static readonly ECDsa Key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private TempFolder _folder = null!;
    private string _path = null!;
    private int _deleted;

    [SetUp]
    public async Task RecordAndDeleteAsync()
    {
        _folder = new TempFolder();
        _path = _folder.File("audit.db");
        _deleted = 0;
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddAuditKit(a => a
            .UseSqlite($"Data Source={_path}")
            .AddCheckpoints(c => { c.Signer = new EcdsaCheckpointSigner(Key, "auditor-2026"); c.EveryEvents = 100; c.PublishDirectory = _folder.File("published"); }));
        using (var host = builder.Build())
        {
            await host.StartAsync();
            var log = host.Services.GetRequiredService<IAuditLog>();
            for (var i = 1; i <= 600; i++)
            {
                await log.RecordAsync(new AuditEvent(i % 3 == 0 ? AuditCategory.System : AuditCategory.RecordChange, AuditActions.Update) { Message = $"change {i}", Target = new AuditTarget("Customer", $"C-{i % 50}") });
            }

            await host.StopAsync();
        }

        await using var store = Store();
        var request = new AuditDeletionRequest(AuditCategory.RecordChange, DateTimeOffset.UnixEpoch, new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero))
        {
            Holds = [new AuditLegalHold { EntityType = "Customer", RecordId = "C-7" }],
            BatchSize = 150,
        };
        AuditDeletionResult result;
        do
        {
            result = await store.DeleteEventsAsync(request);
            _deleted += result.Deleted;
        }
        while (!result.Completed);
    }

    [TearDown]
    public void RemoveFolder() => _folder.Dispose();

    [OneTimeTearDown]
    public static void DisposeKey() => Key.Dispose();

    [Test]
    public async Task Verify_AfterRetentionDeletion_IsIntactWithEveryCheckpointAndAnchor()
    {
        var report = await VerifyAsync();

        report.Issues.Should().BeEmpty();
        _deleted.Should().Be(Enumerable.Range(1, 600).Count(i => i % 3 != 0 && i % 50 != 7));
        report.EventsDeleted.Should().Be(_deleted);
        report.EventsChecked.Should().Be(600 - _deleted);
        report.CheckpointsChecked.Should().Be(6, "every checkpoint's Merkle root is recomputed over events and tombstones");
        report.AnchorsChecked.Should().BeGreaterThan(6, "the published checkpoints and head were held against the store too");
        report.UnanchoredStarts.Should().BeEmpty();
    }

    [TestCase("UPDATE audit_events SET message = 'forged' WHERE key = {0};", 300, VerificationIssueKind.EditedEvent, TestName = "Verify_AfterDeletion_EditedRemainingEvent_IsReported")]
    [TestCase("DELETE FROM audit_events WHERE key = {0};", 300, VerificationIssueKind.MissingEvents, TestName = "Verify_AfterDeletion_EventRemovedWithoutTombstone_IsReported")]
    [TestCase("DELETE FROM audit_tombstones WHERE key = {0};", 301, VerificationIssueKind.MissingEvents, TestName = "Verify_AfterDeletion_TombstoneRemoved_IsReported")]
    [TestCase("UPDATE audit_tombstones SET hash = randomblob(32) WHERE key = {0};", 301, VerificationIssueKind.BrokenLink, TestName = "Verify_AfterDeletion_TombstoneHashRewritten_IsReported")]
    public async Task Verify_AfterDeletion_TamperingWithWhatRemains_IsReported(string sql, long sequence, VerificationIssueKind expected)
    {
        await using (var connection = new SqliteConnection($"Data Source={_path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, (1L << 40) | sequence);
            (await command.ExecuteNonQueryAsync()).Should().Be(1, "the row exists: event 300 is a System event, 301 a deleted RecordChange");
        }

        var report = await VerifyAsync();

        report.Intact.Should().BeFalse();
        report.Issues.Should().Contain(i => i.Kind == expected && i.Sequence <= sequence + 1 && i.LastSequence >= sequence);
    }

    private SqliteAuditStore Store() => new(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={_path}" });

    private async Task<VerificationReport> VerifyAsync()
    {
        await using var store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={_path};Mode=ReadOnly" });
        return await AuditIntegrity.CreateVerifier(store, new AuditVerifierOptions { CheckpointDirectory = _folder.File("published"), HeadDirectory = _path + ".heads" })
            .VerifyAsync(CheckpointVerifier.FromPublicKey(Key));
    }
}
