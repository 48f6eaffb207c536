using AuditKit.Tests.Support;

namespace AuditKit.Tests.Pipeline;

/// <summary>
/// Callers that each await every event share commits: with N of them, a commit carries about N events, not the N/2
/// a writer gets when it commits what is queued the moment the previous commit ends (docs/architecture.md, "The
/// latency path").
/// </summary>
public sealed class GroupCommitTests
{
    [Test]
    public async Task EightCallersAwaitingEachEvent_ShareCommits_MoreThanHalfOfThemPerCommit()
    {
        // A commit of 20 ms (a slow disk's fsync): the callers it wakes come back long before the next one could end.
        var store = new DecoratedStore { AppendDelay = TimeSpan.FromMilliseconds(20) };
        await using var host = await AuditHost.StartAsync(a => a.UseStore("decorated", _ => store));
        await host.Log.RecordAsync(new AuditEvent(AuditCategory.System, "Warm-up"));

        const int Callers = 8;
        const int Each = 12;
        var callers = Enumerable.Range(0, Callers).Select(c => Task.Run(async () =>
        {
            for (var i = 0; i < Each; i++)
            {
                await host.Log.RecordAsync(new AuditEvent(AuditCategory.System, "Tick") { Message = $"caller {c}, event {i}" });
            }
        }));
        await Task.WhenAll(callers);

        // Oracle: every event stored once, read back from the store; the batch sizes as the store received them.
        (await store.Inner.CountAsync(new AuditQuery())).Should().Be(1 + (Callers * Each));
        var sizes = store.BatchSizes.Skip(1).ToList(); // the warm-up's commit
        sizes.Sum().Should().Be(Callers * Each);
        var average = sizes.Average();
        average.Should().BeGreaterThan(Callers / 2 + 1, $"with {Callers} callers waiting on each commit, commits should carry most of them (batches: {string.Join(", ", sizes)})");
    }
}
