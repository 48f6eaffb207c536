using Microsoft.Extensions.DependencyInjection;
using AuditKit.Reports.Tests.Support;
using AuditKit.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;

namespace AuditKit.Reports.Tests;

/// <summary>The closing evidence names the range's first and last sequence and hash, the verification at generation time and the covering checkpoint.</summary>
public sealed class EvidenceTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    private static Task<IHost> StartAsync(TempFolder folder) => ReportHost.StartAsync(
        folder.File("audit.db"),
        audit => audit.AddCheckpoints(o =>
        {
            o.Signer = new HmacCheckpointSigner(Key, "k1");
            o.EveryEvents = 5;
            o.PublishHeads = false;
        }),
        reports: o => o.CheckpointKey = CheckpointVerifier.FromHmacKey(Key));

    [Test]
    public async Task GenerateAsync_Evidence_TiesTheRangeToTheChainAndASignedCheckpoint()
    {
        using var folder = new TempFolder();
        using var host = await StartAsync(folder);
        var seeds = SeedLog.Build();
        var written = await SeedLog.RecordAsync(host.Log(), seeds);
        for (var i = 0; i < 10; i++)
        {
            await host.Log().RecordAsync(AuditEvents.Heartbeat("Database"));
        }

        var (result, pdf) = await host.GenerateAsync(new AuditReportRequest { Kind = AuditReportKind.DataChange, From = SeedLog.From, To = SeedLog.To }, AuditReportFormat.Pdf);

        var mine = seeds.Where(s => s.In.Contains(AuditReportKind.DataChange)).Select(s => s.Event).ToList();
        var first = mine.MinBy(e => e.Sequence)!;
        var last = mine.MaxBy(e => e.Sequence)!;
        var stream = result.Evidence.Streams.Should().ContainSingle().Subject;
        (stream.FirstSequence, stream.FirstHash, stream.LastSequence, stream.LastHash).Should().Be((first.Sequence, first.Hash!, last.Sequence, last.Hash!));
        stream.Events.Should().Be(mine.Count);
        stream.IssuesInRange.Should().BeEmpty();
        result.Evidence.Intact.Should().BeTrue();
        var checkpoint = stream.Checkpoint.Should().NotBeNull().And.Subject.As<AuditCheckpoint>();
        checkpoint.ToSequence.Should().BeGreaterThanOrEqualTo(last.Sequence);
        checkpoint.FromSequence.Should().BeLessThanOrEqualTo(checkpoint.ToSequence);
        var head = await host.Services.GetRequiredService<AuditStore>().GetAsync(1, checkpoint.ToSequence);
        checkpoint.HeadHash.Should().Be(head!.Hash);
        CheckpointVerifier.FromHmacKey(Key).Verify(checkpoint).Should().BeTrue();
        stream.CheckpointSignatureValid.Should().BeTrue();

        var text = string.Join(' ', Outputs.PdfPages(pdf));
        text.Should().Contain("INTACT").And.Contain(first.Hash!).And.Contain(last.Hash!).And.Contain(checkpoint.MerkleRoot).And.Contain("signature valid");
        await host.StopAsync();
    }

    [Test]
    public async Task GenerateAsync_EditedEventInRange_EvidenceSaysNotIntact()
    {
        using var folder = new TempFolder();
        var seeds = SeedLog.Build();
        AuditEvent victim;
        using (var host = await StartAsync(folder))
        {
            await SeedLog.RecordAsync(host.Log(), seeds);
            victim = seeds.First(s => s.In.Contains(AuditReportKind.DataChange)).Event;
            await host.StopAsync();
        }

        SqliteConnection.ClearAllPools();
        await using (var connection = new SqliteConnection($"Data Source={folder.File("audit.db")}"))
        {
            await connection.OpenAsync();
            var command = connection.CreateCommand();
            command.CommandText = $"UPDATE audit_events SET message = 'edited' WHERE key = {(1L << 40) | victim.Sequence}";
            (await command.ExecuteNonQueryAsync()).Should().Be(1);
        }

        using var again = await StartAsync(folder);
        var (result, bytes) = await again.GenerateAsync(new AuditReportRequest { Kind = AuditReportKind.DataChange, From = SeedLog.From, To = SeedLog.To }, AuditReportFormat.JsonLines);

        result.Evidence.Intact.Should().BeFalse();
        result.Evidence.Streams.Single().IssuesInRange.Should().Contain(i => i.Kind == VerificationIssueKind.EditedEvent && i.Sequence == victim.Sequence);
        ReportFiles.JsonLines(bytes)[^1].GetProperty("intact").GetBoolean().Should().BeFalse();
        await again.StopAsync();
    }

    [Test]
    public async Task GenerateAsync_NoRows_EvidenceSaysNothingToTie()
    {
        using var folder = new TempFolder();
        using var host = await StartAsync(folder);

        var (result, pdf) = await host.GenerateAsync(new AuditReportRequest { Kind = AuditReportKind.AdminActivity, From = SeedLog.From, To = SeedLog.To }, AuditReportFormat.Pdf);

        result.Evidence.Streams.Should().BeEmpty();
        string.Join(' ', Outputs.PdfPages(pdf)).Should().Contain("No rows.").And.Contain("No events in range");
        await host.StopAsync();
    }
}
