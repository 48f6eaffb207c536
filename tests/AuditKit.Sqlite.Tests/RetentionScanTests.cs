using AuditKit.Sqlite.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace AuditKit.Sqlite.Tests;

/// <summary>
/// Each run reads a stream from where the previous one left it (the job's state), not from the stream's oldest event:
/// events a hold kept and events of a category without a policy stay below that point unread, until the hold is lifted.
/// </summary>
public sealed class RetentionScanTests : RetentionYearFixture
{
    [Test]
    public async Task RunAsync_ASecondRun_ReadsOnlyFromTheFirstUnexpiredEventAndALiftedHoldSendsTheNextBackToItsEvents()
    {
        // Every category but Security: 30 days active, 90 archived. Security has no policy: its events stay, unread.
        static bool Policy(AuditCategory c) => c != AuditCategory.Security;
        static bool Held(RetentionYear.Generated e) => e.TenantId == "acme" && e.ActorId == "u3";
        var now = RetentionYear.Now;
        var later = now.AddDays(1);
        string holdId;
        using (var host = await Year.StartRetentionHostAsync(new FakeTimeProvider(now), Folder.File("archives")))
        {
            var retention = host.Services.GetRequiredService<IAuditRetention>();
            var policies = await retention.GetPoliciesAsync();
            await retention.SavePoliciesAsync(
                new AuditRetentionPolicies { Policies = [.. Enum.GetValues<AuditCategory>().Where(Policy).Select(c => new AuditRetentionPolicy { Category = c, ActiveDays = 30, ArchiveDays = 90 })] },
                policies.Version);
            holdId = (await retention.PlaceHoldAsync(new AuditLegalHold { TenantId = "acme", ActorId = "u3" }, "Matter 2026-17")).Id;
            var first = await retention.RunAsync();
            first.EventsDeleted.Should().Be(Year.Events.Count(e => Policy(e.Category) && e.Timestamp < now.AddDays(-30) && !Held(e)));
            await host.StopAsync();
        }

        // The oracle: the first event of a category with a policy that had not expired at the first run.
        var firstUnexpired = Year.Events.Where(e => Policy(e.Category) && e.Timestamp >= now.AddDays(-30)).Min(e => e.Sequence);
        var firstHeld = Year.Events.Where(e => Policy(e.Category) && e.Timestamp < now.AddDays(-30) && Held(e)).Min(e => e.Sequence);
        using var laterHost = await Year.StartRetentionHostAsync(new FakeTimeProvider(later), Folder.File("archives"));
        var retention2 = laterHost.Services.GetRequiredService<IAuditRetention>();
        var stored = await StoredSequencesAsync();
        stored[0].Should().BeLessThan(firstHeld, "Security events without a policy stay below");
        firstHeld.Should().BeLessThan(firstUnexpired);
        var second = await retention2.RunAsync();
        second.EventsRead.Should().Be(stored.Count(s => s >= firstUnexpired && s < stored[^1]), "the second run starts at the first unexpired event, not at the stream's oldest");
        second.EventsDeleted.Should().Be(Year.Events.Count(e => Policy(e.Category) && e.Timestamp >= now.AddDays(-30) && e.Timestamp < later.AddDays(-30) && !Held(e)));

        (await retention2.LiftHoldAsync(holdId)).Should().BeTrue();
        var beforeThird = await StoredSequencesAsync();
        var third = await retention2.RunAsync();
        third.EventsRead.Should().Be(beforeThird.Count(s => s >= firstHeld && s < beforeThird[^1]), "a lifted hold sends the read back to the first event it had kept");
        third.EventsDeleted.Should().Be(Year.Events.Count(e => Policy(e.Category) && e.Timestamp < later.AddDays(-30) && Held(e)), "the events the hold kept move now");

        var remaining = (await StoredSequencesAsync()).ToHashSet();
        Year.Events.Where(e => Policy(e.Category) && e.Timestamp < later.AddDays(-30)).Should().OnlyContain(e => !remaining.Contains(e.Sequence));
        Year.Events.Where(e => !Policy(e.Category)).Should().OnlyContain(e => remaining.Contains(e.Sequence));
        await using var store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={Year.Path};Mode=ReadOnly" });
        (await AuditIntegrity.CreateVerifier(store).VerifyAsync()).Issues.Should().BeEmpty();
    }

    private async Task<List<long>> StoredSequencesAsync()
    {
        await using var store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={Year.Path};Mode=ReadOnly" });
        var sequences = new List<long>();
        await foreach (var e in store.ReadStreamAsync(1))
        {
            sequences.Add(e.Sequence);
        }

        return sequences;
    }
}
