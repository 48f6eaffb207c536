namespace AuditKit.Archive.Tests.Support;

/// <summary>
/// A test class against one <see cref="ArchiveService"/>: the server started once for the fixture and a fresh bucket
/// or container per test.
/// </summary>
public abstract class ArchiveServiceFixture(ArchiveService service)
{
    protected ArchiveService Service { get; } = service;

    [OneTimeSetUp]
    public Task StartServerAsync() => Service.StartAsync();

    [OneTimeTearDown]
    public void StopServer() => Service.Dispose();

    [SetUp]
    public Task NewBucketAsync() => Service.NewBucketAsync();

    protected static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
