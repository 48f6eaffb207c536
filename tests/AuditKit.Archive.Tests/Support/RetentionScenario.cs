using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AuditKit.Archive.Tests.Support;

/// <summary>
/// 300 events over 400 days (one every 32 hours, categories and two tenants in turn) in a SQLite file, a retention host
/// on it with a given archive target, and the oracle: the product page's default periods written out here.
/// </summary>
public sealed class RetentionScenario
{
    public static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    public static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    private static readonly AuditCategory[] Categories =
        [AuditCategory.Security, AuditCategory.UserAction, AuditCategory.RecordChange, AuditCategory.System, AuditCategory.ApiRequest, AuditCategory.DataAccess];

    private static readonly Dictionary<AuditCategory, (int Active, int? Archive)> Page = new()
    {
        [AuditCategory.Security] = (730, 2555),
        [AuditCategory.UserAction] = (365, 1095),
        [AuditCategory.RecordChange] = (365, 1825),
        [AuditCategory.System] = (90, 365),
        [AuditCategory.ApiRequest] = (30, 90),
        [AuditCategory.DataAccess] = (30, null),
    };

    public RetentionScenario(string folder)
    {
        Folder = folder;
        var start = Now.AddDays(-400);
        Events = [.. Enumerable.Range(0, 300).Select(i => new Planned(
            "event " + i, start.AddHours(32 * i), Categories[i % 6], i / 6 % 2 == 0 ? null : "acme", "C-" + (i % 10)))];
    }

    public string Folder { get; }

    public IReadOnlyList<Planned> Events { get; }

    public string DatabasePath => Path.Combine(Folder, "audit.db");

    public static bool Expired(Planned e, DateTimeOffset now) => e.Timestamp < now.AddDays(-Page[e.Category].Active);

    public static bool Archived(Planned e, DateTimeOffset now) => Page[e.Category].Archive is { } days && e.Timestamp >= now.AddDays(-days);

    /// <summary>A started host with retention (manual runs) on <paramref name="target"/>; the first call writes the events.</summary>
    public async Task<IHost> StartAsync(DateTimeOffset now, IArchiveTarget target)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(now));
        builder.Services.AddAuditKit(a => a
            .UseSqlite($"Data Source={DatabasePath}")
            .AddRetention(r =>
            {
                r.Target = target;
                r.KeyProvider = new StaticArchiveKeyProvider("k1", Key);
                r.RunOnSchedule = false;
                r.WorkFolder = Path.Combine(Folder, "work");
            }));
        var host = builder.Build();
        await host.StartAsync();
        if (!_written)
        {
            var log = host.Services.GetRequiredService<IAuditLog>();
            foreach (var e in Events)
            {
                log.Record(new AuditEvent(e.Category, "Work")
                {
                    Timestamp = e.Timestamp,
                    TenantId = e.TenantId,
                    Actor = new AuditActor("u1", "User 1"),
                    Target = new AuditTarget("Customer", e.RecordId),
                    Message = e.Message,
                });
            }

            await log.FlushAsync();
            _written = true;
        }

        return host;
    }

    private bool _written;

    public sealed record Planned(string Message, DateTimeOffset Timestamp, AuditCategory Category, string? TenantId, string RecordId);
}
