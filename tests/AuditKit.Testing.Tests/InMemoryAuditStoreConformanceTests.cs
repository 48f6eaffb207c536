using AuditKit.Storage.Conformance;
using AuditKit.Testing;

namespace AuditKit.Testing.Tests;

[TestFixture]
public sealed class InMemoryAuditStoreConformanceTests : AuditStoreConformanceTests
{
    protected override Task<AuditStore> CreateStoreAsync() => Task.FromResult<AuditStore>(new InMemoryAuditStore());
}
