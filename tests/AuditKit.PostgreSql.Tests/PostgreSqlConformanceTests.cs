using AuditKit.Storage.Conformance;

namespace AuditKit.PostgreSql.Tests;

/// <summary>The storage conformance suite, unchanged, against a real PostgreSQL server.</summary>
[TestFixture]
public sealed class PostgreSqlConformanceTests : AuditStoreConformanceTests
{
    protected override async Task<AuditStore> CreateStoreAsync()
    {
        var store = PostgreSqlServer.NewStore(out _);
        await store.InitializeAsync();
        return store;
    }
}
