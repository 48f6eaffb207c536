using AuditKit.PostgreSql.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AuditKit.PostgreSql.Tests;

/// <summary>
/// The retention job on PostgreSQL drops a whole monthly partition when every event in it has expired, is archived and
/// verified (or expires without archive) and none is held, leaving the same tombstones as row deletion: the old months'
/// partitions are gone, the chain still verifies, and the month with held events stays.
/// </summary>
public sealed class PostgreSqlRetentionPartitionTests : PostgreSqlRetentionFixture
{
    [Test]
    public async Task RunAsync_FourHundredDays_DropsTheWhollyExpiredMonthsKeepsTheHeldMonthAndTheChainVerifies()
    {
        var key = Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray();
        var events = Enumerable.Range(0, 1600).Select(i => new AuditEvent(i % 3 == 0 ? AuditCategory.ApiRequest : i % 3 == 1 ? AuditCategory.System : AuditCategory.DataAccess, "Work")
        {
            Timestamp = Now.AddDays(-400).AddHours(6 * i),
            TenantId = i % 2 == 0 ? "acme" : "globex",
            Actor = new AuditActor("u" + (i % 7)),
        }).ToList();
        var heldMonth = new DateTimeOffset(Now.AddDays(-300).Year, Now.AddDays(-300).Month, 1, 0, 0, 0, TimeSpan.Zero);
        var hold = new AuditLegalHold { TenantId = "globex", From = heldMonth.AddDays(10), To = heldMonth.AddDays(12) };
        using var host = await StartHostAsync(key, retention: r => r.DeleteBatchSize = 200);
        await RecordAsync(host, events);
        var retention = host.Services.GetRequiredService<IAuditRetention>();
        await retention.PlaceHoldAsync(hold, "case");
        var store = host.Services.GetRequiredService<AuditStore>();
        var tombstonesBefore = await CountAsync(store.ReadTombstonesAsync(events[0].StreamId));

        var run = await retention.RunAsync();

        // The oracle, from the page's periods: API 30 days active (archive 90), System 90 (365), View/Read 30 (none).
        static bool Expired(AuditEvent e) => e.Timestamp < Now.AddDays(e.Category == AuditCategory.System ? -90 : -30);
        static bool Archived(AuditEvent e) => e.Category switch { AuditCategory.ApiRequest => e.Timestamp >= Now.AddDays(-90), AuditCategory.System => e.Timestamp >= Now.AddDays(-365), _ => false };
        bool Held(AuditEvent e) => e.TenantId == hold.TenantId && e.Timestamp >= hold.From && e.Timestamp < hold.To;
        static string Month(DateTimeOffset t) => t.UtcDateTime.ToString("yyyyMM", System.Globalization.CultureInfo.InvariantCulture);
        var moved = events.Where(e => Expired(e) && !Held(e)).ToList();
        var months = events.GroupBy(e => Month(e.Timestamp)).ToDictionary(g => g.Key, g => g.All(e => Expired(e) && !Held(e)));
        var dropped = months.Where(m => m.Value).Select(m => m.Key).ToList();
        dropped.Should().HaveCountGreaterThanOrEqualTo(8);
        months[Month(heldMonth)].Should().BeFalse("the held events keep their month");
        events.Where(e => Month(e.Timestamp) == Month(heldMonth)).All(Expired).Should().BeTrue("without the hold, that month would go too");

        run.EventsDeleted.Should().Be(moved.Count);
        run.EventsArchived.Should().Be(moved.Count(Archived));
        run.EventsHeld.Should().Be(events.Count(e => Expired(e) && Held(e)));
        var partitions = await PartitionsAsync();
        partitions.Should().NotIntersectWith(dropped.Select(m => "audit_events_p" + m), "whole expired months go with their partition");
        partitions.Should().Contain(months.Where(m => !m.Value).Select(m => "audit_events_p" + m.Key));

        var archived = new List<Guid>();
        await foreach (var m in retention.ListArchivesAsync())
        {
            await foreach (var e in retention.ReadArchiveAsync(m.Name))
            {
                archived.Add(e.Id);
            }
        }

        archived.Should().BeEquivalentTo(moved.Where(Archived).Select(e => e.Id));
        var remaining = new HashSet<Guid>();
        await foreach (var e in store.ReadStreamAsync(events[0].StreamId))
        {
            remaining.Add(e.Id);
        }

        remaining.Intersect(events.Select(e => e.Id)).Should().BeEquivalentTo(events.Except(moved).Select(e => e.Id));
        remaining.Should().Contain(events.Where(Held).Select(e => e.Id), "held events survive");
        (await CountAsync(store.ReadTombstonesAsync(events[0].StreamId))).Should().Be(tombstonesBefore + moved.Count, "a dropped month leaves a tombstone per event, as row deletion does");
        var report = await AuditIntegrity.CreateVerifier(store).VerifyAsync();
        report.Issues.Should().BeEmpty();
        report.EventsDeleted.Should().Be(moved.Count);
        await host.StopAsync();
    }

    private async Task<List<string>> PartitionsAsync()
    {
        await using var connection = new NpgsqlConnection(PostgreSqlServer.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace n ON n.oid = p.relnamespace WHERE p.relname = 'audit_events' AND n.nspname = $1",
            connection);
        command.Parameters.AddWithValue(Schema);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static async Task<int> CountAsync<T>(IAsyncEnumerable<T> items)
    {
        var count = 0;
        await foreach (var unused in items)
        {
            count++;
        }

        return count;
    }
}
