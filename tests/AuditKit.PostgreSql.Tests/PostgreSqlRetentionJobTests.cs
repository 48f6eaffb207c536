using AuditKit.PostgreSql.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditKit.PostgreSql.Tests;

/// <summary>The retention job on PostgreSQL (monthly partitions): exactly the expired, unheld events move, and the chain verifies.</summary>
public sealed class PostgreSqlRetentionJobTests : PostgreSqlRetentionFixture
{
    [Test]
    public async Task RunAsync_FourHundredDaysOfEventsWithAHold_MovesExactlyTheExpiredUnheldEventsAndTheChainVerifies()
    {
        var key = Enumerable.Range(0, 32).Select(i => (byte)(255 - i)).ToArray();
        var events = Enumerable.Range(0, 1600).Select(i => new AuditEvent(i % 4 == 0 ? AuditCategory.ApiRequest : i % 4 == 1 ? AuditCategory.System : i % 4 == 2 ? AuditCategory.DataAccess : AuditCategory.Security, "Work")
        {
            Timestamp = Now.AddDays(-400).AddHours(6 * i),
            TenantId = i % 3 == 0 ? "acme" : "globex",
            Actor = new AuditActor("u" + (i % 7)),
        }).ToList();
        using var host = await StartHostAsync(key, retention: r => r.DeleteBatchSize = 200);
        await RecordAsync(host, events);
        var retention = host.Services.GetRequiredService<IAuditRetention>();
        await retention.PlaceHoldAsync(new AuditLegalHold { TenantId = "globex", ActorId = "u2" }, "case");

        var run = await retention.RunAsync();

        // The page's periods: API 30 d (archive 90), System 90 (365), View/Read 30 (none), Security 730 (nothing expires).
        static bool Expired(AuditEvent e) => e.Timestamp < Now.AddDays(-(e.Category switch { AuditCategory.ApiRequest or AuditCategory.DataAccess => 30, AuditCategory.System => 90, _ => 730 }));
        static bool Archived(AuditEvent e) => e.Category switch { AuditCategory.ApiRequest => e.Timestamp >= Now.AddDays(-90), AuditCategory.System => e.Timestamp >= Now.AddDays(-365), _ => false };
        static bool Held(AuditEvent e) => e.TenantId == "globex" && e.Actor!.Id == "u2";
        var moved = events.Where(e => Expired(e) && !Held(e)).ToList();
        run.EventsDeleted.Should().Be(moved.Count);
        run.EventsArchived.Should().Be(moved.Count(Archived));
        run.EventsHeld.Should().Be(events.Count(e => Expired(e) && Held(e)));

        var archived = new List<Guid>();
        await foreach (var m in retention.ListArchivesAsync())
        {
            await foreach (var e in retention.ReadArchiveAsync(m.Name))
            {
                archived.Add(e.Id);
            }
        }

        archived.Should().BeEquivalentTo(moved.Where(Archived).Select(e => e.Id));
        var store = host.Services.GetRequiredService<AuditStore>();
        var remaining = new HashSet<Guid>();
        await foreach (var e in store.ReadStreamAsync(events[0].StreamId))
        {
            remaining.Add(e.Id);
        }

        remaining.Intersect(events.Select(e => e.Id)).Should().BeEquivalentTo(events.Except(moved).Select(e => e.Id));
        (await AuditIntegrity.CreateVerifier(store).VerifyAsync()).Issues.Should().BeEmpty();
        await host.StopAsync();
    }
}
