using System.Security.Cryptography;
using AuditKit.Sqlite.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuditKit.Sqlite.Tests;

/// <summary>Erasure end to end on a SQLite file: sealed at record time, erased later, still verifiable and provable.</summary>
public sealed class SqliteErasureTests
{
    private static readonly ECDsa Key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private TempFolder _folder = null!;
    private string _path = null!;

    private static CheckpointVerifier Verifier => CheckpointVerifier.FromPublicKey(Key);

    [SetUp]
    public void CreateFolder()
    {
        _folder = new TempFolder();
        _path = _folder.File("audit.db");
    }

    [TearDown]
    public void RemoveFolder() => _folder.Dispose();

    [OneTimeTearDown]
    public static void DisposeKey() => Key.Dispose();

    [Test]
    public async Task EraseAsync_Actor_LogStaysIntactProofsVerifyAndReceiptIsRecorded()
    {
        Guid janeEvent;
        using (var host = await StartAsync(erasure: true))
        {
            janeEvent = await RecordWorkAsync(host, 40);
            var eraser = host.Services.GetRequiredService<IAuditEraser>();
            var accessor = host.Services.GetRequiredService<IAuditContextAccessor>();
            using (accessor.BeginScope(new AuditContext(new AuditActor("u-dpo", "Data Protection Officer"))))
            {
                var result = await eraser.EraseAsync(ErasureRequest.ForActor("u-jane", "DSR-2026-17"));

                result.EventsErased.Should().Be(20);
                result.FieldsErased.Should().Be(20 * 4, "name, e-mail, IP address and user agent of each of Jane's events");
                result.EventsNotSealed.Should().Be(0);
                result.Receipt.Action.Should().Be("PersonalDataErased");
                result.Receipt.Metadata["reason"].GetString().Should().Be("DSR-2026-17");
                result.Receipt.Metadata["erased_by"].GetString().Should().Be("u-dpo");
            }

            var reader = host.Services.GetRequiredService<IAuditReader>();
            var erased = (await reader.GetAsync(janeEvent))!;
            erased.Actor.Should().BeEquivalentTo(new AuditActor("u-jane", null, null, "Clerk"));
            (erased.Client?.IpAddress).Should().BeNull();
            erased.Erasures.Should().ContainSingle().Which.ErasedBy.Should().Be("u-dpo");
            (await reader.QueryAsync(new AuditQuery { Text = "jane.roe" })).Events.Should().BeEmpty();
            (await reader.QueryAsync(new AuditQuery { IpAddress = "10.1.1.2" })).Events.Should().BeEmpty();

            var proof = (await host.Services.GetRequiredService<IAuditVerifier>().GetProofAsync(janeEvent))!;
            proof.Verify(Verifier).Should().BeTrue("an erased event's proof still verifies against the checkpoint signed before the erasure");
            proof.CanonicalEvent.Should().NotContain("Jane").And.Contain("\"sha256\"");
            await host.StopAsync();
        }

        var report = await VerifyAsync();
        report.Intact.Should().BeTrue(string.Join("\n", report.Issues));
        report.EventsChecked.Should().Be(41, "40 events and the erasure's receipt");
        report.CheckpointsChecked.Should().Be(5, "every 10 events and one for the tail when the writer stopped");
        foreach (var file in Directory.GetFiles(_folder.File("."), "audit.db*"))
        {
            var raw = await File.ReadAllBytesAsync(file);
            System.Text.Encoding.Latin1.GetString(raw).Should().NotContain("jane.roe@example.com", $"no copy of the value is left in {Path.GetFileName(file)}");
        }
    }

    [Test]
    public async Task EraseAsync_Record_ErasesPersonalChangesFromRecordChange()
    {
        using var host = await StartAsync(erasure: true);
        var log = host.Services.GetRequiredService<IAuditLog>();
        var before = new Contact { Name = "Ann Lee", Email = "ann@example.com", CreditLimit = 1000m };
        var after = new Contact { Name = "Ann Lee", Email = "ann.lee@example.com", CreditLimit = 2000m };
        var recorded = (await log.RecordChangeAsync("Contact", "K-1", "Ann Lee", before, after))!;

        var result = await host.Services.GetRequiredService<IAuditEraser>().EraseAsync(ErasureRequest.ForRecord("Contact", "K-1", "DSR-2026-18"));

        result.EventsErased.Should().Be(1);
        var e = (await host.Services.GetRequiredService<IAuditReader>().GetAsync(recorded.Id))!;
        e.Target!.RecordName.Should().BeNull();
        e.Changes.Single(c => c.Field == "Email").Should().BeEquivalentTo(new { OldValue = (string?)null, NewValue = (string?)null });
        e.Changes.Single(c => c.Field == "CreditLimit").NewValue.Should().Be("2000", "non-personal changes stay");
        await host.StopAsync();
        (await VerifyAsync()).Intact.Should().BeTrue();
    }

    [Test]
    public async Task EraseAsync_EventsRecordedBeforeErasureWasEnabled_AreCountedAndLeftIntact()
    {
        using (var host = await StartAsync(erasure: false))
        {
            await RecordWorkAsync(host, 6);
            await host.StopAsync();
        }

        using (var host = await StartAsync(erasure: true))
        {
            var result = await host.Services.GetRequiredService<IAuditEraser>().EraseAsync(ErasureRequest.ForActor("u-jane", "DSR-2026-19"));

            result.EventsErased.Should().Be(0);
            result.EventsNotSealed.Should().Be(3);
            result.Receipt.Metadata["events_not_sealed"].GetInt32().Should().Be(3);
            await host.StopAsync();
        }

        (await VerifyAsync()).Intact.Should().BeTrue();
    }

    [Test]
    public async Task Verify_SealedValueBlankedOrEditedWithoutItsCommitment_IsReported()
    {
        using (var host = await StartAsync(erasure: true))
        {
            await RecordWorkAsync(host, 10);
            await host.StopAsync();
        }

        await SqlAsync($"UPDATE audit_events SET actor_name = NULL WHERE key = {AuditStreamKey.Pack(1, 2)};");
        await SqlAsync($"UPDATE audit_events SET actor_email = 'someone@else.example' WHERE key = {AuditStreamKey.Pack(1, 5)};");
        await SqlAsync($"UPDATE audit_events SET seals = replace(seals, '\"salt\":\"', '\"salt\":\"00') WHERE key = {AuditStreamKey.Pack(1, 7)};");

        var report = await VerifyAsync();

        report.Issues.Where(i => i.Kind == VerificationIssueKind.EditedEvent).Select(i => i.Sequence).Should().Equal(2, 5, 7);
    }

    private async Task<Guid> RecordWorkAsync(IHost host, int count)
    {
        var log = host.Services.GetRequiredService<IAuditLog>();
        var accessor = host.Services.GetRequiredService<IAuditContextAccessor>();
        var first = Guid.Empty;
        for (var i = 1; i <= count; i++)
        {
            var jane = i % 2 == 0;
            var actor = jane ? new AuditActor("u-jane", "Jane Roe", "jane.roe@example.com", "Clerk") : new AuditActor("u-bob", "Bob Smith", "bob@example.com", "Clerk");
            using var scope = accessor.BeginScope(new AuditContext(actor, new AuditClient(jane ? "10.1.1.2" : "10.1.1.3", UserAgent: "Firefox")));
            var e = await log.RecordAsync(new AuditEvent(AuditCategory.RecordChange, AuditActions.Update) { Target = new AuditTarget("Order", $"SO-{i}"), Message = "Order changed" });
            if (jane && first == Guid.Empty)
            {
                first = e.Id;
            }
        }

        return first;
    }

    private async Task<IHost> StartAsync(bool erasure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddAuditKit(a =>
        {
            a.UseSqlite($"Data Source={_path}")
                .AddCheckpoints(c => { c.Signer = new EcdsaCheckpointSigner(Key, "auditor-2026"); c.EveryEvents = 10; });
            if (erasure)
            {
                a.AddErasure();
            }
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private async Task<VerificationReport> VerifyAsync()
    {
        await using var store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={_path}" });
        return await new AuditVerifier(store).VerifyAsync(Verifier);
    }

    private async Task SqlAsync(string sql)
    {
        SqliteConnection.ClearAllPools();
        await using var connection = new SqliteConnection($"Data Source={_path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private sealed class Contact
    {
        public string? Name { get; set; }

        [AuditPersonal]
        public string? Email { get; set; }

        public decimal CreditLimit { get; set; }
    }
}
