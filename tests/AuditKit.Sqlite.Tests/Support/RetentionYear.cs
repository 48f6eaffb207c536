using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AuditKit.Sqlite.Tests.Support;

/// <summary>
/// A year and a month of generated events (one every 3 hours, 3,200 in all) in a SQLite file, and the oracle the
/// retention tests check against: the page's default periods and hold rules written out here, independently of the
/// engine's code.
/// </summary>
public sealed class RetentionYear
{
    public static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    public static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    private static readonly AuditCategory[] Categories =
        [AuditCategory.Security, AuditCategory.UserAction, AuditCategory.RecordChange, AuditCategory.System, AuditCategory.ApiRequest, AuditCategory.DataAccess];

    private static readonly string?[] Tenants = [null, "acme", "globex"];

    // The product page's table, in days (active, archive); null archive: "None".
    private static readonly Dictionary<AuditCategory, (int Active, int? Archive)> Page = new()
    {
        [AuditCategory.Security] = (730, 2555),
        [AuditCategory.UserAction] = (365, 1095),
        [AuditCategory.RecordChange] = (365, 1825),
        [AuditCategory.System] = (90, 365),
        [AuditCategory.ApiRequest] = (30, 90),
        [AuditCategory.DataAccess] = (30, null),
    };

    private RetentionYear(string path, IReadOnlyList<Generated> events)
    {
        Path = path;
        Events = events;
    }

    public string Path { get; }

    /// <summary>The generated events with the hashes the store gave them (read back before any retention run).</summary>
    public IReadOnlyList<Generated> Events { get; }

    public static async Task<RetentionYear> WriteAsync(string path)
    {
        var start = Now.AddDays(-400);
        var events = new List<AuditEvent>();
        for (var i = 0; i < 3200; i++)
        {
            events.Add(new AuditEvent(Categories[i % 6], "Work")
            {
                Timestamp = start.AddHours(3 * i),
                TenantId = Tenants[i / 6 % 3],
                Actor = new AuditActor("u" + (i % 5), "User " + (i % 5)),
                Target = new AuditTarget("Customer", "C-" + (i % 40)),
                Message = "event " + i,
            });
        }

        using (var host = await SqliteHost.StartAsync(path))
        {
            var log = host.Services.GetRequiredService<IAuditLog>();
            foreach (var e in events)
            {
                log.Record(e);
            }

            await log.FlushAsync();
            await host.StopAsync();
        }

        await using var store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={path}" });
        var stored = new List<Generated>();
        await foreach (var e in store.ReadStreamAsync(1))
        {
            stored.Add(new Generated(e.Id, e.StreamId, e.Sequence, e.Timestamp, e.Category, e.TenantId, e.Actor?.Id, e.Target?.RecordId, e.Hash!));
        }

        stored.Should().HaveCount(3200);
        return new RetentionYear(path, stored);
    }

    /// <summary>Whether the page's active period of the event's category has ended at <paramref name="now"/>.</summary>
    public static bool Expired(Generated e, DateTimeOffset now) => e.Timestamp < now.AddDays(-Page[e.Category].Active);

    /// <summary>Whether an expiring event goes to an archive at <paramref name="now"/>: its category has an archive period and it has not ended yet.</summary>
    public static bool Archived(Generated e, DateTimeOffset now) => Page[e.Category].Archive is { } days && e.Timestamp >= now.AddDays(-days);

    public static int? ArchiveDays(AuditCategory category) => Page[category].Archive;

    /// <summary>A digest of a set of events' hashes in (stream, sequence) order, computed the same way for both sides of a comparison.</summary>
    public static string HashTotal(IEnumerable<(int Stream, long Sequence, string Hash)> events)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var e in events.OrderBy(e => e.Stream).ThenBy(e => e.Sequence))
        {
            sha.AppendData(Convert.FromHexString(e.Hash));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>A started host on the file with retention (manual runs), the time a FakeTimeProvider.</summary>
    public async Task<IHost> StartRetentionHostAsync(FakeTimeProvider time, string archiveFolder, long? capacity = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddAuditKit(a => a
            .UseSqlite($"Data Source={Path}")
            .AddRetention(r =>
            {
                r.ArchiveFolder = archiveFolder;
                r.KeyProvider = new StaticArchiveKeyProvider("k1", Key);
                r.RunOnSchedule = false;
                r.DeleteBatchSize = 250;
                r.WorkFolder = archiveFolder + ".work";
                r.CapacityBytes = capacity;
            }));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public sealed record Generated(Guid Id, int Stream, long Sequence, DateTimeOffset Timestamp, AuditCategory Category, string? TenantId, string? ActorId, string? RecordId, string Hash);
}
