using BenchmarkDotNet.Attributes;

namespace AuditKit.Benchmarks;

/// <summary>
/// The audit screens' queries, the same for every store: the log viewer's pages, free text, counts, dashboards,
/// record history and lookup by id over generated ERP events (90 days from <see cref="Support.BenchmarkData.Start"/>).
/// Each store's class supplies the populated store.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public abstract class StoreQueryBenchmarks
{
    protected static readonly DateTimeOffset End = Support.BenchmarkData.Start.AddDays(90);

    protected AuditStore Store { get; set; } = null!;

    protected Guid SomeId { get; set; }

    /// <summary>Picks an event id to look up once the store is populated.</summary>
    protected void PickSomeId() =>
        SomeId = Store.QueryAsync(new AuditQuery { From = End.AddDays(-45), PageSize = 1 }).GetAwaiter().GetResult().Events[0].Id;

    [Benchmark]
    public Task<AuditPage> LogViewerPage_RangeUserAction() =>
        Store.QueryAsync(new AuditQuery { From = End.AddDays(-30), To = End, ActorIds = ["jsmith"], Actions = [AuditActions.Update] });

    [Benchmark]
    public Task<AuditPage> LogViewerPage_Range() =>
        Store.QueryAsync(new AuditQuery { From = End.AddDays(-7), To = End });

    /// <summary>The log viewer filtered by one entity type and nothing else (no range): the audit API's "entity=Customer".</summary>
    [Benchmark]
    public Task<AuditPage> LogViewerPage_EntityOnly() =>
        Store.QueryAsync(new AuditQuery { EntityTypes = ["Customer"] });

    [Benchmark]
    public Task<AuditPage> FreeTextPage_CommonWord() =>
        Store.QueryAsync(new AuditQuery { Text = "warehouse" });

    [Benchmark]
    public Task<AuditPage> FreeTextPage_PrefixOfCommonWord() =>
        Store.QueryAsync(new AuditQuery { Text = "wareh*" });

    [Benchmark]
    public Task<AuditPage> FreeTextPage_RecordIdWithinRange() =>
        Store.QueryAsync(new AuditQuery { From = End.AddDays(-30), To = End, Text = "CUS-17" });

    [Benchmark]
    public Task<long> Count_30Days() =>
        Store.CountAsync(new AuditQuery { From = End.AddDays(-30).AddMinutes(-17), To = End });

    [Benchmark]
    public Task<long> Count_30Days_UserAction() =>
        Store.CountAsync(new AuditQuery { From = End.AddDays(-30), To = End, ActorIds = ["jsmith"], Actions = [AuditActions.Update] });

    [Benchmark]
    public Task<IReadOnlyList<AggregateCount>> Dashboard_ByCategory_30Days() =>
        Store.AggregateAsync(new AggregateQuery { From = End.AddDays(-30).AddMinutes(-17), To = End, GroupBy = AggregateDimension.Category });

    [Benchmark]
    public Task<IReadOnlyList<AggregateCount>> Dashboard_ByDay_30Days() =>
        Store.AggregateAsync(new AggregateQuery { From = End.AddDays(-30), To = End, GroupBy = AggregateDimension.Day });

    [Benchmark]
    public Task<IReadOnlyList<AggregateCount>> Dashboard_ByActor_30Days() =>
        Store.AggregateAsync(new AggregateQuery { From = End.AddDays(-30), To = End, GroupBy = AggregateDimension.Actor });

    [Benchmark]
    public Task<AuditPage> RecordHistory() =>
        Store.GetHistoryAsync("Customer", "CUS-17");

    [Benchmark]
    public Task<AuditEvent?> GetById() => Store.GetAsync(SomeId);
}
