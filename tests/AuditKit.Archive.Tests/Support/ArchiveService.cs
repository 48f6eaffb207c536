namespace AuditKit.Archive.Tests.Support;

/// <summary>
/// An archive service run locally for the tests (s3rver, Azurite), with the client of its own SDK: a target on a
/// bucket or container, and the SDK's view of what a target wrote (never through the target).
/// </summary>
public abstract class ArchiveService : IDisposable
{
    private NodeServer? _server;

    /// <summary>Starts the service and creates the client for it.</summary>
    public async Task StartAsync() => _server = await StartServerAsync();

    /// <summary>Creates a fresh bucket or container; the other members use the newest one.</summary>
    public abstract Task NewBucketAsync();

    /// <summary>A target on the current bucket or container under <paramref name="prefix"/>.</summary>
    public abstract IArchiveTarget NewTarget(string? prefix = null);

    /// <summary>The bucket's or container's object names and sizes.</summary>
    public abstract Task<Dictionary<string, long>> ObjectsAsync();

    /// <summary>An object's bytes.</summary>
    public abstract Task<byte[]> ReadObjectAsync(string name);

    /// <summary>Replaces an object's bytes.</summary>
    public abstract Task WriteObjectAsync(string name, byte[] bytes);

    public void Dispose()
    {
        Dispose(disposing: true);
        _server?.Dispose();
        GC.SuppressFinalize(this);
    }

    protected abstract Task<NodeServer> StartServerAsync();

    /// <summary>Disposes of the client; the server is stopped after.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}
