using AuditKit.Storage.Conformance.Support;
using AuditKit.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AuditKit.Tests.Pipeline;

public sealed class JournalTests : WithJournalFolder
{
    [Test]
    public void JournalFile_IntactRecords_ReadBackInOrder()
    {
        var path = Path.Combine(JournalFolder, "a.journal");
        using (var file = JournalFile.Open(path, exclusive: true))
        {
            file.Append("one"u8, durable: true);
            file.Append(new byte[100_000], durable: false);
            file.Append(""u8, durable: true);
        }

        var contents = JournalFile.Read(path);

        contents.Corruption.Should().BeNull();
        contents.Records.Select(r => r.Length).Should().Equal(3, 100_000, 0);
    }

    [TestCase(1)]
    [TestCase(5)]
    [TestCase(13)]
    public void JournalFile_TruncatedTail_KeepsEveryRecordBeforeIt(int cut)
    {
        var path = Path.Combine(JournalFolder, "a.journal");
        using (var file = JournalFile.Open(path, exclusive: true))
        {
            file.Append("first"u8, durable: true);
            file.Append("second record"u8, durable: true);
        }

        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^cut]);

        var contents = JournalFile.Read(path);

        contents.Records.Should().ContainSingle().Which.ToArray().Should().Equal("first"u8.ToArray());
        contents.Corruption.Should().NotBeNull();
        contents.Corruption!.Reason.Should().Contain("torn");
        contents.Corruption.Offset.Should().Be(4 + 12 + 5);
    }

    [Test]
    public void JournalFile_BitFlip_IsCaughtByTheChecksum()
    {
        var path = Path.Combine(JournalFolder, "a.journal");
        using (var file = JournalFile.Open(path, exclusive: true))
        {
            file.Append("first"u8, durable: true);
            file.Append("second"u8, durable: true);
            file.Append("third"u8, durable: true);
        }

        var bytes = File.ReadAllBytes(path);
        bytes[4 + 12 + 5 + 12 + 2] ^= 0x10; // inside "second"
        File.WriteAllBytes(path, bytes);

        var contents = JournalFile.Read(path);

        contents.Records.Should().ContainSingle();
        contents.Corruption!.Reason.Should().Be("checksum mismatch");
        JournalFile.Parse("XXXX"u8.ToArray()).Corruption!.Reason.Should().Contain("header");
    }

    [TestCase("truncate")]
    [TestCase("bitflip")]
    public async Task Startup_DamagedSpillJournal_ReplaysWhatIsIntact_ReportsAndKeepsTheDamagedFile(string damage)
    {
        // Three events spilled one batch each while the store accepted nothing.
        var store = new DecoratedStore(failures: int.MaxValue, commitBeforeSomeFailures: false);
        var host = await AuditHost.StartAsync(a => a.UseStore("stuck", _ => store).Configure(o =>
        {
            o.JournalDirectory = JournalFolder;
            o.SpillAfter = TimeSpan.FromMilliseconds(50);
            o.ShutdownTimeout = TimeSpan.FromMilliseconds(200);
        }));
        for (var i = 1; i <= 3; i++)
        {
            (await host.Log.RecordAsync(new AuditEvent(AuditCategory.UserAction, "Click") { Message = $"#{i}" })).Sequence.Should().Be(i);
        }

        await host.DisposeAsync();
        var path = Path.Combine(JournalFolder, "stream-1.journal");
        var records = JournalFile.Read(path).Records;
        records.Should().HaveCount(3);
        var bytes = File.ReadAllBytes(path);
        if (damage == "truncate")
        {
            File.WriteAllBytes(path, bytes[..^7]);
        }
        else
        {
            bytes[bytes.Length - records[2].Length - records[1].Length - 12 + 40] ^= 0x01; // inside the second record
            File.WriteAllBytes(path, bytes);
        }

        await using var next = await AuditHost.StartAsync(a => a.UseStore("open", _ => store.Inner).Configure(o => o.JournalDirectory = JournalFolder));
        var health = await next.Host.Services.GetRequiredService<AuditKitHealthCheck>().CheckHealthAsync(new HealthCheckContext());
        var written = await next.Log.RecordAsync(new AuditEvent(AuditCategory.UserAction, "Click") { Message = "after" });

        var intact = damage == "truncate" ? 2 : 1;
        store.Inner.Events.Select(e => e.Message).Should().Equal([.. Enumerable.Range(1, intact).Select(i => $"#{i}"), "after"]);
        written.Sequence.Should().Be(intact + 1, "the chain continues from the last intact event");
        (await ChainCheck.VerifyAsync(store.Inner, 1)).Should().Be(intact + 1);
        health.Status.Should().Be(HealthStatus.Degraded);
        health.Data["journal_corruptions"].Should().Be(1);
        Directory.GetFiles(JournalFolder, "stream-1.journal.corrupt-*").Should().ContainSingle("the damaged file is kept for inspection");
    }
}
