using AuditKit.Sqlite.Tests.Support;
using AuditKit.Storage.Conformance;

namespace AuditKit.Sqlite.Tests;

[TestFixture]
public sealed class SqliteAuditStoreConformanceTests : AuditStoreConformanceTests
{
    private readonly TempFolder _folder = new();
    private int _next;

    protected override Task<AuditStore> CreateStoreAsync() =>
        Task.FromResult<AuditStore>(new SqliteAuditStore(new SqliteAuditStoreOptions
        {
            ConnectionString = $"Data Source={_folder.File($"audit{Interlocked.Increment(ref _next)}.db")}",
        }));

    [OneTimeTearDown]
    public void RemoveFiles() => _folder.Dispose();
}
