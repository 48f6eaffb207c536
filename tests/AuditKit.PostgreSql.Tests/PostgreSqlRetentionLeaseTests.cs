using AuditKit.PostgreSql.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditKit.PostgreSql.Tests;

/// <summary>Two hosts running the retention job on one PostgreSQL database at once: the lease lets exactly one run.</summary>
public sealed class PostgreSqlRetentionLeaseTests : PostgreSqlRetentionFixture
{
    private static readonly byte[] Key = [.. Enumerable.Range(0, 32).Select(i => (byte)(i + 100))];

    [Test]
    public async Task RunAsync_TwoHostsOnOneDatabaseStartedTogether_ExactlyOneRunsAndTheOtherReportsItSkipped()
    {
        var events = Enumerable.Range(0, 400).Select(i => new AuditEvent(i % 2 == 0 ? AuditCategory.ApiRequest : AuditCategory.System, "Work")
        {
            Timestamp = Now.AddDays(-200).AddHours(12 * i),
            Actor = new AuditActor("u" + (i % 3)),
        }).ToList();
        using var first = await StartHostAsync(Key, "one");
        using var second = await StartHostAsync(Key, "two");
        await RecordAsync(first, events);
        using var gate = new ManualResetEventSlim();
        foreach (var host in new[] { first, second })
        {
            // Whichever instance runs waits at its first step until the other has returned.
            host.Services.GetRequiredService<RetentionEngine>().StepHook = _ => gate.Wait(TimeSpan.FromSeconds(60));
        }

        var runs = new[] { first, second }.Select(h => Task.Run(() => h.Services.GetRequiredService<IAuditRetention>().RunAsync())).ToArray();
        var any = Task.WhenAny(runs);
        (await Task.WhenAny(any, Task.Delay(TimeSpan.FromSeconds(50)))).Should().BeSameAs(any, "one of the two returns while the other runs");
        var skipped = runs.Single(r => r.IsCompleted);
        (await skipped).Skipped.Should().BeTrue();
        gate.Set();
        var ran = await runs.Single(r => r != skipped);

        static bool Expired(AuditEvent e) => e.Timestamp < Now.AddDays(e.Category == AuditCategory.System ? -90 : -30);
        ran.Skipped.Should().BeFalse();
        ran.EventsDeleted.Should().Be(events.Count(Expired));
        (await first.Services.GetRequiredService<IAuditRetention>().RunAsync()).Should().Match<AuditRetentionRun>(r => !r.Skipped && r.EventsDeleted == 0, "the lease was given up; nothing is left");
        (await AuditIntegrity.CreateVerifier(first.Services.GetRequiredService<AuditStore>()).VerifyAsync()).Issues.Should().BeEmpty();
    }
}
