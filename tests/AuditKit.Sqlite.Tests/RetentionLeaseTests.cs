using System.Text.Json;
using AuditKit.Sqlite.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AuditKit.Sqlite.Tests;

/// <summary>
/// The retention job's lease on a real SQLite file shared by two hosts: started together, exactly one runs and the other
/// reports it skipped; a scheduled occurrence runs once across instances; the lease of an owner that died is taken over
/// once it has expired, not before.
/// </summary>
public sealed class RetentionLeaseTests : RetentionYearFixture
{
    [Test]
    public async Task RunAsync_TwoHostsOnOneFileStartedTogether_ExactlyOneRunsAndTheOtherReportsItSkipped()
    {
        var archives = Folder.File("archives");
        using var first = await Year.StartRetentionHostAsync(new FakeTimeProvider(RetentionYear.Now), archives);
        using var second = await Year.StartRetentionHostAsync(new FakeTimeProvider(RetentionYear.Now), archives);
        using var gate = new ManualResetEventSlim();
        foreach (var host in new[] { first, second })
        {
            // Whichever instance runs waits at its first step until the other has returned.
            host.Services.GetRequiredService<RetentionEngine>().StepHook = _ => gate.Wait(TimeSpan.FromSeconds(60));
        }

        var runs = new[] { first, second }.Select(h => Task.Run(() => h.Services.GetRequiredService<IAuditRetention>().RunAsync())).ToArray();
        var any = Task.WhenAny(runs);
        var returned = await Task.WhenAny(any, Task.Delay(TimeSpan.FromSeconds(50)));
        returned.Should().BeSameAs(any, "one of the two returns while the other runs");
        var skipped = runs.Single(r => r.IsCompleted);
        (await skipped).Should().Be(new AuditRetentionRun(0, 0, 0, 0, 0, 0, false) { Skipped = true });
        gate.Set();
        var ran = await runs.Single(r => r != skipped);

        var moved = Year.Events.Where(e => RetentionYear.Expired(e, RetentionYear.Now)).ToList();
        ran.Skipped.Should().BeFalse();
        ran.EventsDeleted.Should().Be(moved.Count);
        ran.EventsArchived.Should().Be(moved.Count(e => RetentionYear.Archived(e, RetentionYear.Now)));
        var state = await StateAsync(first);
        state.GetProperty("owner").ValueKind.Should().Be(JsonValueKind.Null, "the lease is given up after the run");
    }

    [Test]
    public async Task RunAsync_AScheduledOccurrenceOnTwoHosts_RunsOnceAndTheNextOccurrenceRunsAgain()
    {
        var archives = Folder.File("archives");
        using var first = await Year.StartRetentionHostAsync(new FakeTimeProvider(RetentionYear.Now), archives);
        using var second = await Year.StartRetentionHostAsync(new FakeTimeProvider(RetentionYear.Now.AddDays(1)), archives);
        var occurrence = RetentionYear.Now.Date.AddHours(3);

        var ran = await first.Services.GetRequiredService<RetentionEngine>().RunAsync(new DateTimeOffset(occurrence, TimeSpan.Zero), CancellationToken.None);
        var again = await second.Services.GetRequiredService<RetentionEngine>().RunAsync(new DateTimeOffset(occurrence, TimeSpan.Zero), CancellationToken.None);
        var next = await second.Services.GetRequiredService<RetentionEngine>().RunAsync(new DateTimeOffset(occurrence.AddDays(1), TimeSpan.Zero), CancellationToken.None);

        ran.Skipped.Should().BeFalse();
        ran.EventsDeleted.Should().Be(Year.Events.Count(e => RetentionYear.Expired(e, RetentionYear.Now)));
        again.Skipped.Should().BeTrue("the other instance already ran this occurrence");
        next.Skipped.Should().BeFalse();
        next.EventsDeleted.Should().Be(Year.Events.Count(e => RetentionYear.Expired(e, RetentionYear.Now.AddDays(1)) && !RetentionYear.Expired(e, RetentionYear.Now)));
    }

    [Test]
    public async Task RunAsync_TheLeaseOfAnOwnerThatDied_IsTakenOverOnlyAfterItExpires()
    {
        var time = new FakeTimeProvider(RetentionYear.Now);
        using var host = await Year.StartRetentionHostAsync(time, Folder.File("archives"));
        var store = host.Services.GetRequiredService<AuditStore>();
        var duration = host.Services.GetRequiredService<IOptions<RetentionOptions>>().Value.LeaseDuration;

        // What an instance killed while running leaves: its lease in the state document, valid for one more lease period.
        var json = JsonSerializer.Serialize(new { owner = "dead-host/4711/0", leaseUntil = RetentionYear.Now + duration });
        await store.SaveSettingsAsync(new AuditSettingsDocument(RetentionState.DocumentName, 1, json, RetentionYear.Now, "dead-host"));
        var retention = host.Services.GetRequiredService<IAuditRetention>();

        var before = await retention.RunAsync();
        time.Advance(duration - TimeSpan.FromSeconds(1));
        var stillBefore = await retention.RunAsync();
        time.Advance(TimeSpan.FromSeconds(2));
        var after = await retention.RunAsync();

        before.Skipped.Should().BeTrue();
        stillBefore.Skipped.Should().BeTrue();
        after.Skipped.Should().BeFalse();
        after.EventsDeleted.Should().Be(Year.Events.Count(e => RetentionYear.Expired(e, RetentionYear.Now + duration + TimeSpan.FromSeconds(1))));
    }

    private static async Task<JsonElement> StateAsync(IHost host)
    {
        var document = await host.Services.GetRequiredService<AuditStore>().GetSettingsAsync(RetentionState.DocumentName);
        return JsonDocument.Parse(document!.Json).RootElement.Clone();
    }
}
