using Azure.Storage.Blobs;
using AuditKit.Archive.Tests.Support;

namespace AuditKit.Archive.Tests;

/// <summary>Azurite's blob service on a free port for the Azure Blob tests, with the well-known development account.</summary>
internal static class AzuriteServer
{
    // Azurite's documented development account (devstoreaccount1), not a secret.
    private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static Task<NodeServer> StartAsync() =>
        NodeServer.StartAsync("node_modules/azurite/dist/src/blob/main.js", "--location {dir} --blobHost 127.0.0.1 --blobPort {port} --skipApiVersionCheck --silent", TimeSpan.FromSeconds(60));

    public static BlobServiceClient Client(NodeServer server) => new(
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentKey};BlobEndpoint=http://127.0.0.1:{server.Port}/devstoreaccount1;");

    public static async Task<BlobContainerClient> NewContainerAsync(BlobServiceClient client)
    {
        var container = client.GetBlobContainerClient("c" + Guid.NewGuid().ToString("N")[..20]);
        await container.CreateAsync();
        return container;
    }

    /// <summary>The container's blob names and sizes, read with the SDK directly (not through the target).</summary>
    public static async Task<Dictionary<string, long>> BlobsAsync(BlobContainerClient container)
    {
        var blobs = new Dictionary<string, long>();
        await foreach (var b in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, null, default))
        {
            blobs[b.Name] = b.Properties.ContentLength ?? -1;
        }

        return blobs;
    }
}
