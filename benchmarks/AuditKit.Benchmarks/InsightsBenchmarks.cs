using AuditKit.Benchmarks.Support;
using AuditKit.Sqlite;
using BenchmarkDotNet.Attributes;

namespace AuditKit.Benchmarks;

/// <summary>
/// One insight call per screen on the generated 1,000,000-event SQLite database of <see cref="QueryBenchmarks"/>
/// (90 days), at a fixed "now" on its last day, through the reader as a host calls it. Target: each ≤ 20 ms.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class InsightsBenchmarks
{
    private SqliteAuditStore _store = null!;
    private IAuditInsights _insights = null!;

    [GlobalSetup]
    public void Setup()
    {
        var path = QueryBenchmarks.MillionEventDatabase();
        _store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={path}" });
        var now = Support.BenchmarkData.Start.AddDays(89).AddHours(15);
        _insights = new AuditInsights(new AuditReader(_store, new AuditContextAccessor()), new FixedTime(now));
    }

    [GlobalCleanup]
    public void Cleanup() => _store.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public Task<AuditDashboard> Dashboard() =>
        _insights.GetDashboardAsync(new DashboardRequest { TimeZone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York") });

    [Benchmark]
    public Task<UserActivity> UserActivity_30Days() =>
        _insights.GetUserActivityAsync(new UserActivityRequest { ActorId = "jsmith" });

    [Benchmark]
    public Task<SecurityOverview> SecurityOverview_7Days() =>
        _insights.GetSecurityOverviewAsync();
}
