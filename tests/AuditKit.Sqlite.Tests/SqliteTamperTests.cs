using System.Security.Cryptography;
using AuditKit.Sqlite.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuditKit.Sqlite.Tests;

/// <summary>Tampering with the SQLite file directly, with SQL, and what the verifier reports.</summary>
public sealed class SqliteTamperTests
{
    private static readonly ECDsa Key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private TempFolder _folder = null!;
    private string _path = null!;
    private IHost? _host;

    private static CheckpointVerifier Verifier => CheckpointVerifier.FromPublicKey(Key);

    [SetUp]
    public async Task RecordThousandEventsAsync()
    {
        _folder = new TempFolder();
        _path = _folder.File("audit.db");
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddAuditKit(a => a
            .UseSqlite($"Data Source={_path}")
            .AddCheckpoints(c => { c.Signer = new EcdsaCheckpointSigner(Key, "auditor-2026"); c.EveryEvents = 100; c.PublishDirectory = _folder.File("published"); }));
        using var host = builder.Build();
        await host.StartAsync();
        var log = host.Services.GetRequiredService<IAuditLog>();
        for (var i = 1; i <= 1000; i++)
        {
            await log.RecordAsync(new AuditEvent(AuditCategory.RecordChange, AuditActions.Update) { Message = $"change {i}", Target = new AuditTarget("Customer", $"C-{i % 50}") });
        }

        await host.StopAsync();
    }

    [TearDown]
    public void RemoveFolder()
    {
        _host?.Dispose();
        _host = null;
        _folder.Dispose();
    }

    [OneTimeTearDown]
    public static void DisposeKey() => Key.Dispose();

    [Test]
    public async Task Verify_UntouchedLog_IsIntactWithEveryCheckpoint()
    {
        var report = await VerifyAsync();

        report.Intact.Should().BeTrue(string.Join("\n", report.Issues));
        report.EventsChecked.Should().Be(1000);
        report.CheckpointsChecked.Should().Be(10);
        Directory.GetFiles(_folder.File("published"), "checkpoint-s1-*.json").Should().HaveCount(10, "a copy of each checkpoint lives outside the database");
    }

    [Test]
    public async Task Verify_EditedValue_ReportsThatEvent()
    {
        await SqlAsync($"UPDATE audit_events SET message = 'change 9999' WHERE key = {Key1(500)};");

        var report = await VerifyAsync();

        var issue = report.Issues.Should().ContainSingle().Which;
        issue.Should().Match<VerificationIssue>(i => i.Kind == VerificationIssueKind.EditedEvent && i.Sequence == 500);
        issue.Fields.Should().Equal(["message"], "the digests stored with the event name the field that no longer matches");
        issue.Detail.Should().EndWith("Changed since it was written: message.");
    }

    [Test]
    public async Task Verify_SeveralFieldsEdited_NamesEachOfThem()
    {
        await SqlAsync($"UPDATE audit_events SET record_id = 'C-999', outcome = 2 WHERE key = {Key1(42)};");
        await SqlAsync($"UPDATE audit_events SET ts = ts + 1000000 WHERE key = {Key1(43)};");

        var report = await VerifyAsync();

        report.Issues.Where(i => i.Kind == VerificationIssueKind.EditedEvent).Select(i => (i.Sequence, string.Join(",", i.Fields)))
            .Should().Equal((42L, "outcome,target"), (43L, "timestamp"));
    }

    [Test]
    public async Task Verify_EditWithDigestsRewrittenToo_StillReportsTheEvent()
    {
        await SqlAsync($"UPDATE audit_events SET message = 'x', digests = zeroblob(68) WHERE key = {Key1(7)};");

        var report = await VerifyAsync();

        var issue = report.Issues.Should().ContainSingle().Which;
        issue.Kind.Should().Be(VerificationIssueKind.EditedEvent, "the hash chain, not the digests, is the proof");
        issue.Fields.Should().NotBeEmpty("the zeroed digests differ everywhere").And.Contain("message");
    }

    [Test]
    public async Task Verify_DeletedRow_ReportsTheGapAndTheBrokenLink()
    {
        await SqlAsync($"DELETE FROM audit_events WHERE key = {Key1(300)};");

        var report = await VerifyAsync();

        report.Issues.Should().ContainEquivalentOf(new { Kind = VerificationIssueKind.MissingEvents, Sequence = 300L, LastSequence = 300L });
        report.Issues.Should().ContainEquivalentOf(new { Kind = VerificationIssueKind.BrokenLink, Sequence = 301L });
        report.Issues.Should().HaveCount(2);
    }

    [Test]
    public async Task Verify_SwappedRows_ReportsBothPositions()
    {
        await SqlAsync($"""
            UPDATE audit_events SET key = -1 WHERE key = {Key1(600)};
            UPDATE audit_events SET key = {Key1(600)} WHERE key = {Key1(601)};
            UPDATE audit_events SET key = {Key1(601)} WHERE key = -1;
            """);

        var report = await VerifyAsync();

        report.Issues.Where(i => i.Kind == VerificationIssueKind.EditedEvent).Select(i => i.Sequence).Should().Equal(600, 601);
        report.Issues.Where(i => i.Kind == VerificationIssueKind.BrokenLink).Select(i => i.Sequence).Should().Contain([600L, 601L, 602L]);
        report.Issues.Should().Contain(i => i.Kind == VerificationIssueKind.CheckpointMismatch && i.Sequence == 601 && i.LastSequence == 700);
    }

    [Test]
    public async Task Verify_EditWithRecomputedHash_IsCaughtByTheNextLinkAndTheSignedRoot()
    {
        await RewriteAsync(700, 700);

        var report = await VerifyAsync();

        report.Issues.Select(i => (i.Kind, i.Sequence)).Should().BeEquivalentTo(new[]
        {
            (VerificationIssueKind.BrokenLink, 701L),
            (VerificationIssueKind.CheckpointMismatch, 601L),
        });
    }

    [Test]
    public async Task Verify_WholeChainRewrittenFromAnEvent_IsCaughtOnlyByTheSignedCheckpoints()
    {
        await RewriteAsync(700, 1000);

        var report = await VerifyAsync();

        report.Issues.Should().OnlyContain(i => i.Kind == VerificationIssueKind.CheckpointMismatch);
        report.Issues.Select(i => i.Sequence).Should().Equal(601, 701, 801, 901);
    }

    [Test]
    public async Task Verify_TruncatedTail_ReportsTheCheckpointAheadOfTheData()
    {
        await SqlAsync($"DELETE FROM audit_events WHERE key > {Key1(950)};");

        var report = await VerifyAsync();

        report.Issues.Should().ContainSingle().Which.Should().Match<VerificationIssue>(i => i.Kind == VerificationIssueKind.TruncatedTail && i.Sequence == 951 && i.LastSequence == 1000);
    }

    [Test]
    public async Task Verify_NewestEventsDeletedWithTheirCheckpointRows_OnlyThePublishedCheckpointsShowIt()
    {
        await SqlAsync($"DELETE FROM audit_events WHERE key > {Key1(850)}; DELETE FROM audit_checkpoints WHERE to_sequence > 850;");

        var selfOnly = await VerifyAsync();
        var anchored = await VerifyAsync(anchors: new AuditVerifierOptions { CheckpointDirectory = _folder.File("published") });

        selfOnly.Intact.Should().BeTrue("the store's own list no longer shows the tail: this is why anchors are kept outside it");
        anchored.Issues.Select(i => (i.Kind, i.Sequence, i.LastSequence)).Should().Equal(
            (VerificationIssueKind.TruncatedTail, 851L, 900L), (VerificationIssueKind.TruncatedTail, 851L, 1000L));
        anchored.AnchorsChecked.Should().Be(10);
    }

    [Test]
    public async Task Verify_StoredCheckpointRewritten_PublishedCopyWinsAndTheDifferenceIsReported()
    {
        // An attacker who re-hashes 601-700 and replaces the store's (unsigned-checked) checkpoint row with one of his own.
        await RewriteAsync(601, 700);
        await using (var store = Open())
        {
            var own = (await store.GetCheckpointsAsync(1)).Single(c => c.ToSequence == 700);
            var forged = own with { HeadHash = (await store.GetAsync(1, 700))!.Hash!, MerkleRoot = new string('a', 64) };
            await SqlAsync($"UPDATE audit_checkpoints SET checkpoint = '{forged.ToJson()}' WHERE to_sequence = 700;");
        }

        var report = await VerifyAsync(anchors: new AuditVerifierOptions { CheckpointDirectory = _folder.File("published") });

        report.Issues.Should().Contain(i => i.Kind == VerificationIssueKind.AnchorMismatch && i.Sequence == 601 && i.LastSequence == 700);
        report.Issues.Should().Contain(i => i.Kind == VerificationIssueKind.CheckpointMismatch && i.Sequence == 601, "the published copy's root is the one checked");
    }

    [Test]
    public async Task Verify_TailTruncatedAndItsCheckpointsDeleted_IsCaughtByTheHeadPublishedBesideTheDatabase()
    {
        var head = AuditHead.FromJson(await File.ReadAllTextAsync(Path.Combine(_path + ".heads", "head-s1.json")));
        await using (var store = Open())
        {
            var last = (await store.GetAsync(1, 1000))!.Hash;
            head.Should().Match<AuditHead>(h => h.StreamId == 1 && h.Sequence == 1000 && h.HeadHash == last, "the writer publishes its head when it stops");
        }

        await SqlAsync($"DELETE FROM audit_events WHERE key > {Key1(980)}; DELETE FROM audit_checkpoints WHERE to_sequence > 980;");

        (await VerifyAsync()).Intact.Should().BeTrue("without anchors nothing shows the tail existed");
        var report = await HostVerifier().VerifyAsync(Verifier);

        report.Issues.Should().HaveCount(2, "the published checkpoint 901-1000 and the head both show it")
            .And.OnlyContain(i => i.Kind == VerificationIssueKind.TruncatedTail && i.Sequence == 981 && i.LastSequence == 1000);
        report.AnchorsChecked.Should().Be(11, "the host's verifier finds the head beside the database and the published checkpoints by itself");
    }

    [Test]
    public async Task Verify_TailRehashedAndItsCheckpointDeleted_IsCaughtByThePublishedHead()
    {
        await RewriteAsync(990, 1000);
        await SqlAsync("DELETE FROM audit_checkpoints WHERE to_sequence = 1000;");

        (await VerifyAsync()).Intact.Should().BeTrue("the chain links and no stored checkpoint covers the rewritten events");
        var report = await VerifyAsync(anchors: new AuditVerifierOptions { HeadDirectory = _path + ".heads" });

        report.Issues.Should().ContainSingle().Which.Should().Match<VerificationIssue>(i => i.Kind == VerificationIssueKind.AnchorMismatch && i.Sequence == 1000);
    }

    [Test]
    public async Task Verify_ExpectedHead_ReportsATruncatedTailOrADifferentHash()
    {
        string hash500;
        await using (var store = Open())
        {
            hash500 = (await store.GetAsync(1, 500))!.Hash!;
        }

        await SqlAsync($"DELETE FROM audit_events WHERE key > {Key1(700)}; DELETE FROM audit_checkpoints WHERE to_sequence > 700;");
        var expect = new AuditVerifierOptions();
        expect.ExpectedHeads.Add(new AuditHead(1, 500, hash500, DateTimeOffset.UnixEpoch));
        expect.ExpectedHeads.Add(new AuditHead(1, 900, new string('0', 64), DateTimeOffset.UnixEpoch));
        var wrong = new AuditVerifierOptions();
        wrong.ExpectedHeads.Add(new AuditHead(1, 500, new string('b', 64), DateTimeOffset.UnixEpoch));

        (await VerifyAsync(anchors: expect)).Issues.Select(i => (i.Kind, i.Sequence, i.LastSequence)).Should().Equal((VerificationIssueKind.TruncatedTail, 701L, 900L));
        (await VerifyAsync(anchors: wrong)).Issues.Select(i => (i.Kind, i.Sequence)).Should().Equal((VerificationIssueKind.AnchorMismatch, 500L));
    }

    [Test]
    public async Task Verify_OldestEventsGone_ContinuesFromTheCheckpointAtTheCut_OrReportsAnUnanchoredStart()
    {
        await SqlAsync($"DELETE FROM audit_events WHERE key <= {Key1(300)};");

        var atCheckpoint = await VerifyAsync();
        await SqlAsync($"DELETE FROM audit_events WHERE key <= {Key1(350)};");
        var inside = await VerifyAsync();

        atCheckpoint.Intact.Should().BeTrue(string.Join("\n", atCheckpoint.Issues));
        atCheckpoint.UnanchoredStarts.Should().BeEmpty("checkpoint 201-300 anchors event 301's previous hash");
        atCheckpoint.EventsChecked.Should().Be(700);
        inside.Intact.Should().BeTrue(string.Join("\n", inside.Issues));
        inside.UnanchoredStarts.Should().ContainSingle().Which.Should().Match<UnanchoredStart>(u => u.StreamId == 1 && u.FirstSequence == 351
            && u.Detail.Contains("starts at sequence 351 without an anchoring checkpoint", StringComparison.Ordinal));
    }

    [Test]
    public async Task Verify_ForgedCheckpoint_IsReportedWithTheKey()
    {
        await using (var store = Open())
        {
            var original = (await store.GetCheckpointsAsync(1))[4];
            var forged = original with { MerkleRoot = new string('a', 64) };
            await SqlAsync($"UPDATE audit_checkpoints SET checkpoint = '{forged.ToJson()}' WHERE stream_id = 1 AND to_sequence = {original.ToSequence};");
        }

        var withKey = await VerifyAsync();
        var otherKey = await VerifyAsync(CheckpointVerifier.FromPublicKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)));

        withKey.Issues.Should().ContainSingle().Which.Should().Match<VerificationIssue>(i => i.Kind == VerificationIssueKind.InvalidCheckpointSignature && i.Sequence == 401);
        otherKey.Issues.Should().HaveCount(10).And.OnlyContain(i => i.Kind == VerificationIssueKind.InvalidCheckpointSignature, "no checkpoint verifies with a stranger's key");
    }

    [Test]
    public async Task Proof_VerifiesOffline_AndFailsWhenAnyPartChanges()
    {
        await using var store = Open();
        var e = (await store.GetAsync(1, 555))!;
        var proof = await new AuditVerifier(store).GetProofAsync(e.Id);
        proof.Should().NotBeNull();
        var json = proof!.ToJson();

        AuditProof.FromJson(json).Verify(Verifier).Should().BeTrue();
        proof.LeafIndex.Should().Be(54);
        proof.TreeSize.Should().Be(100);

        var tampered = new[]
        {
            json.Replace("change 555", "change 556", StringComparison.Ordinal),
            json.Replace(proof.AuditPath[2], new string('0', 64), StringComparison.Ordinal),
            json.Replace(proof.Checkpoint.MerkleRoot, new string('1', 64), StringComparison.Ordinal),
            json.Replace("\"leafIndex\": 54", "\"leafIndex\": 53", StringComparison.Ordinal),
            WithSignature(json, Convert.ToBase64String(Convert.FromBase64String(proof.Checkpoint.Signature).Select((b, i) => i == 5 ? (byte)(b ^ 1) : b).ToArray())),
        };
        foreach (var changed in tampered)
        {
            changed.Should().NotBe(json);
            AuditProof.FromJson(changed).Verify(Verifier).Should().BeFalse();
        }

        proof.Verify(CheckpointVerifier.FromPublicKey(ECDsa.Create(ECCurve.NamedCurves.nistP256))).Should().BeFalse("another key did not sign it");
        FluentActions.Invoking(() => AuditProof.FromJson("{}")).Should().Throw<FormatException>();
    }

    // The signature is base64, whose '+' and '/' the JSON writer escapes: edit it through the JSON tree.
    private static string WithSignature(string proofJson, string signature)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(proofJson)!;
        node["checkpoint"]!["signature"] = signature;
        return node.ToJsonString();
    }

    private async Task<VerificationReport> VerifyAsync(CheckpointVerifier? key = null, AuditVerifierOptions? anchors = null)
    {
        await using var store = Open();
        return await new AuditVerifier(store, null, anchors).VerifyAsync(key ?? Verifier);
    }

    // The verifier of a host configured like the one that wrote the log (built, not started: it writes nothing).
    private IAuditVerifier HostVerifier()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddAuditKit(a => a
            .UseSqlite($"Data Source={_path}")
            .AddCheckpoints(c => { c.Signer = new EcdsaCheckpointSigner(Key, "auditor-2026"); c.EveryEvents = 100; c.PublishDirectory = _folder.File("published"); }));
        _host = builder.Build();
        return _host.Services.GetRequiredService<IAuditVerifier>();
    }

    private SqliteAuditStore Open() => new(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={_path}" });

    private static long Key1(long sequence) => AuditStreamKey.Pack(1, sequence);

    private async Task SqlAsync(string sql)
    {
        SqliteConnection.ClearAllPools();
        await using var connection = new SqliteConnection($"Data Source={_path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    // An attacker who knows the format: edits event `from` and recomputes the hashes of events from..to so the chain links.
    private async Task RewriteAsync(long from, long to)
    {
        await using var store = Open();
        using var chain = new AuditChain();
        var previous = (await store.GetAsync(1, from - 1))!.HashBytes!;
        for (var s = from; s <= to; s++)
        {
            var e = (await store.GetAsync(1, s))!;
            var edited = e;
            if (s == from)
            {
                edited = e with { Message = "rewritten" };
                edited.CopyWrittenIdentityFrom(e);
            }

            var hash = new byte[32];
            chain.Compute(edited, previous, hash);
            await SqlAsync($"UPDATE audit_events SET message = '{edited.Message}', prev_hash = X'{Convert.ToHexString(previous)}', hash = X'{Convert.ToHexString(hash)}' WHERE key = {Key1(s)};");
            previous = hash;
        }
    }
}
