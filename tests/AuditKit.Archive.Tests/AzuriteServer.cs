using AuditKit.Archive.AzureBlob;
using Azure.Storage.Blobs;
using AuditKit.Archive.Tests.Support;

namespace AuditKit.Archive.Tests;

/// <summary>Azurite's blob service on a free port for the Azure Blob tests, with the well-known development account.</summary>
internal sealed class AzuriteServer : ArchiveService
{
    // Azurite's documented development account (devstoreaccount1), not a secret.
    private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private BlobServiceClient _client = null!;
    private BlobContainerClient _container = null!;

    public override async Task NewBucketAsync()
    {
        _container = _client.GetBlobContainerClient("c" + Guid.NewGuid().ToString("N")[..20]);
        await _container.CreateAsync();
    }

    public override IArchiveTarget NewTarget(string? prefix = null) => new AzureBlobArchiveTarget(_container, prefix);

    /// <summary>The container's blob names and sizes, read with the SDK directly (not through the target).</summary>
    public override async Task<Dictionary<string, long>> ObjectsAsync()
    {
        var blobs = new Dictionary<string, long>();
        await foreach (var b in _container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, null, default))
        {
            blobs[b.Name] = b.Properties.ContentLength ?? -1;
        }

        return blobs;
    }

    public override async Task<byte[]> ReadObjectAsync(string name) =>
        (await _container.GetBlobClient(name).DownloadContentAsync()).Value.Content.ToArray();

    public override Task WriteObjectAsync(string name, byte[] bytes) =>
        _container.GetBlobClient(name).UploadAsync(new BinaryData(bytes), overwrite: true);

    protected override async Task<NodeServer> StartServerAsync()
    {
        var server = await NodeServer.StartAsync("node_modules/azurite/dist/src/blob/main.js", "--location {dir} --blobHost 127.0.0.1 --blobPort {port} --skipApiVersionCheck --silent", TimeSpan.FromSeconds(60));
        _client = new BlobServiceClient(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentKey};BlobEndpoint=http://127.0.0.1:{server.Port}/devstoreaccount1;");
        return server;
    }
}
