using AuditKit.Storage.Conformance;

namespace AuditKit.Providers.Tests;

/// <summary>The walkthrough store through the whole conformance suite; it implements none of the optional parts, so the suite checks it refuses them.</summary>
[TestFixture]
public sealed class JsonLinesStoreConformanceTests : AuditStoreConformanceTests
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "auditkit-jsonl-" + Guid.NewGuid().ToString("N"));

    protected override AuditStoreFeatures Features => AuditStoreFeatures.None;

    protected override async Task<AuditStore> CreateStoreAsync()
    {
        Directory.CreateDirectory(_folder);
        var store = new JsonLinesAuditStore(Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".jsonl"));
        await store.InitializeAsync();
        return store;
    }

    [OneTimeTearDown]
    public void DeleteFolder()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
