using System.Diagnostics;
using System.Globalization;
using AuditKit.Sqlite.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AuditKit.Sqlite.Tests;

/// <summary>
/// A retention run in a child process (AuditKit.TestWriter's retention mode) killed with SIGKILL at each step; the next
/// run, in this process, completes it: every expired event is archived exactly once and deleted, the rest stays, every
/// archive verifies, no file is left over, and the chain verifies. The killed child still holds the job's lease: a run
/// before it expires is skipped, and the run after it takes the job over.
/// </summary>
public sealed class RetentionCrashTests : RetentionYearFixture
{
    [TestCase("upload#1", TestName = "RunAsync_AfterKillBeforeTheFirstUpload_CompletesWithoutLossOrDuplicates")]
    [TestCase("upload#7", TestName = "RunAsync_AfterKillHalfwayThroughTheUploads_CompletesWithoutLossOrDuplicates")]
    [TestCase("verify#1", TestName = "RunAsync_AfterKillBeforeTheReadBack_CompletesWithoutLossOrDuplicates")]
    [TestCase("mark-deleting#1", TestName = "RunAsync_AfterKillBeforeDeletingIsRecorded_CompletesWithoutLossOrDuplicates")]
    [TestCase("delete-batch#1", TestName = "RunAsync_AfterKillBeforeTheFirstDeletion_CompletesWithoutLossOrDuplicates")]
    [TestCase("delete-batch#4", TestName = "RunAsync_AfterKillBetweenDeletionBatches_CompletesWithoutLossOrDuplicates")]
    [TestCase("complete#1", TestName = "RunAsync_AfterKillBeforeTheUnitIsCleared_CompletesWithoutLossOrDuplicates")]
    public async Task RunAsync_AfterAKillAtAStep_CompletesWithoutLossOrDuplicates(string step)
    {
        var archives = Folder.File("archives");
        await KillChildAtAsync(step, archives);

        AuditRetentionRun run;
        List<AuditArchiveManifest> manifests;
        var fromArchives = new List<AuditEvent>();
        var time = new FakeTimeProvider(RetentionYear.Now);
        using (var host = await Year.StartRetentionHostAsync(time, archives))
        {
            var retention = host.Services.GetRequiredService<IAuditRetention>();
            var early = await retention.RunAsync();
            early.Should().Be(new AuditRetentionRun(0, 0, 0, 0, 0, 0, false) { Skipped = true }, "the killed child's lease has not expired yet");

            // No generated event's time lies within this shift of a cut-off (events are 3 hours apart, cut-offs at whole days).
            time.Advance(host.Services.GetRequiredService<IOptions<RetentionOptions>>().Value.LeaseDuration + TimeSpan.FromSeconds(1));
            run = await retention.RunAsync();
            run.Skipped.Should().BeFalse("the lease of the killed owner has expired and is taken over");
            manifests = [];
            await foreach (var m in retention.ListArchivesAsync())
            {
                manifests.Add(m);
                await foreach (var e in retention.ReadArchiveAsync(m.Name))
                {
                    fromArchives.Add(e);
                }
            }

            var again = await retention.RunAsync();
            again.Should().Be(new AuditRetentionRun(0, 0, 0, 0, 0, 0, false) { EventsRead = again.EventsRead }, "nothing is left for a further run");
            await host.StopAsync();
        }

        run.Resumed.Should().BeTrue();
        var moved = Year.Events.Where(e => RetentionYear.Expired(e, RetentionYear.Now)).ToList();
        var archived = moved.Where(e => RetentionYear.Archived(e, RetentionYear.Now)).ToList();
        fromArchives.Select(e => (e.StreamId, e.Sequence)).Should().OnlyHaveUniqueItems("no event is archived twice");
        fromArchives.Select(e => e.Id).Should().BeEquivalentTo(archived.Select(e => e.Id));
        RetentionYear.HashTotal(fromArchives.Select(e => (e.StreamId, e.Sequence, e.Hash!))).Should().Be(RetentionYear.HashTotal(archived.Select(e => (e.Stream, e.Sequence, e.Hash))));

        var files = Directory.EnumerateFiles(archives, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(archives, f).Replace('\\', '/')).ToList();
        files.Should().BeEquivalentTo(manifests.SelectMany(m => new[] { m.Name, m.Name + ArchiveNames.ManifestSuffix }), "no partial, orphaned or rolled-back file is left");

        await using var store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={Year.Path};Mode=ReadOnly" });
        var remaining = new List<Guid>();
        await foreach (var e in store.ReadStreamAsync(1))
        {
            remaining.Add(e.Id);
        }

        remaining.Intersect(Year.Events.Select(e => e.Id)).Should().BeEquivalentTo(Year.Events.Except(moved).Select(e => e.Id));
        var report = await AuditIntegrity.CreateVerifier(store).VerifyAsync();
        report.Issues.Should().BeEmpty();
        report.EventsDeleted.Should().Be(moved.Count);
    }

    private async Task KillChildAtAsync(string step, string archives)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "AuditKit.TestWriter.dll"), "retention", Year.Path, archives,
            RetentionYear.Now.UtcTicks.ToString(CultureInfo.InvariantCulture), Convert.ToHexString(RetentionYear.Key), step,
        })
        {
            start.ArgumentList.Add(arg);
        }

        using var child = Process.Start(start)!;
        var reached = false;
        var lines = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while (await child.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            lines.Add(line);
            if (line == "step " + step)
            {
                reached = true;
                break;
            }
        }

        child.Kill(entireProcessTree: true); // SIGKILL: no finally blocks, no disposal
        await child.WaitForExitAsync(timeout.Token);
        reached.Should().BeTrue($"the child reaches {step}; it printed: {string.Join(" | ", lines)} {await child.StandardError.ReadToEndAsync(timeout.Token)}");
    }
}
