using AuditKit.Benchmarks.Support;
using AuditKit.PostgreSql;
using BenchmarkDotNet.Attributes;

namespace AuditKit.Benchmarks;

/// <summary>
/// The insight calls of <see cref="InsightsBenchmarks"/> on the 10,000,000-event PostgreSQL schema of
/// <see cref="PostgreSqlQueryBenchmarks"/> (built once per run of the throwaway server), at a fixed "now" on its last
/// day. Target: each ≤ 50 ms.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class PostgreSqlInsightsBenchmarks
{
    private PostgreSqlAuditStore _store = null!;
    private IAuditInsights _insights = null!;
    private IAuditReader _reader = null!;

    [GlobalSetup]
    public void Setup()
    {
        var connection = Environment.GetEnvironmentVariable("AUDITKIT_POSTGRES")
            ?? throw new InvalidOperationException("AUDITKIT_POSTGRES is not set: run the benchmarks with ./build.sh bench, which starts PostgreSQL.");
        _store = new PostgreSqlAuditStore(new PostgreSqlAuditStoreOptions { ConnectionString = connection, Schema = PostgreSqlQueryBenchmarks.Schema });
        PostgreSqlQueryBenchmarks.BuildOnce(_store, connection).GetAwaiter().GetResult();
        var now = Support.BenchmarkData.Start.AddDays(89).AddHours(15);
        _reader = new AuditReader(_store, new AuditContextAccessor());
        _insights = new AuditInsights(_reader, new FixedTime(now));
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

    [Benchmark]
    public Task<SystemHealth> SystemHealth_30Days() =>
        _insights.GetSystemHealthAsync();

    /// <summary>The count that took 119 ms before the actor × action roll-ups: 30 days, one user, one action.</summary>
    [Benchmark]
    public Task<long> Count_30Days_UserAndAction()
    {
        var to = Support.BenchmarkData.Start.AddDays(89).AddHours(15);
        return _reader.CountAsync(new AuditQuery { From = to.AddDays(-30), To = to, ActorIds = ["jsmith"], Actions = [AuditActions.Update] });
    }
}
