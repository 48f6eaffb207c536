using System.Security.Cryptography;
using AuditKit.Archive.AzureBlob;
using AuditKit.Archive.Tests.Support;
using Azure.Storage.Blobs;

namespace AuditKit.Archive.Tests;

/// <summary>The Azure Blob target against Azurite: each operation checked with the SDK's own view of the container.</summary>
public sealed class AzureBlobArchiveTargetTests
{
    private NodeServer _server = null!;
    private BlobServiceClient _client = null!;
    private BlobContainerClient _container = null!;

    [OneTimeSetUp]
    public async Task StartServerAsync()
    {
        _server = await AzuriteServer.StartAsync();
        _client = AzuriteServer.Client(_server);
    }

    [OneTimeTearDown]
    public void StopServer() => _server?.Dispose();

    [SetUp]
    public async Task NewContainerAsync() => _container = await AzuriteServer.NewContainerAsync(_client);

    [Test]
    public async Task UploadListOpenDelete_UnderAPrefix_StoresTheExactBytesUnderPrefixedNames()
    {
        var target = new AzureBlobArchiveTarget(_container, "audit/archives/");
        var big = RandomNumberGenerator.GetBytes(9 * 1024 * 1024 + 17);
        var small = "{\"a\":1}"u8.ToArray();

        await target.UploadAsync("2026/x.akarc", new MemoryStream(big));
        await target.UploadAsync("2026/x.akarc.manifest.json", new NonSeekableStream(small));
        await target.UploadAsync("2025/y.akarc", new MemoryStream(small));

        (await AzuriteServer.BlobsAsync(_container)).Should().BeEquivalentTo(new Dictionary<string, long>
        {
            ["audit/archives/2026/x.akarc"] = big.Length,
            ["audit/archives/2026/x.akarc.manifest.json"] = small.Length,
            ["audit/archives/2025/y.akarc"] = small.Length,
        });

        var listed = new List<ArchiveObject>();
        await foreach (var o in target.ListAsync("2026/"))
        {
            listed.Add(o);
        }

        listed.Should().Equal(new ArchiveObject("2026/x.akarc", big.Length), new ArchiveObject("2026/x.akarc.manifest.json", small.Length));

        await using (var read = await target.OpenReadAsync("2026/x.akarc"))
        {
            read.Should().NotBeNull();
            var copy = new MemoryStream();
            await read!.CopyToAsync(copy);
            copy.ToArray().Should().Equal(big);
        }

        (await target.OpenReadAsync("2026/missing.akarc")).Should().BeNull();

        await target.DeleteAsync("2026/x.akarc");
        await target.DeleteAsync("2026/never-was.akarc");
        (await AzuriteServer.BlobsAsync(_container)).Keys.Should().BeEquivalentTo("audit/archives/2026/x.akarc.manifest.json", "audit/archives/2025/y.akarc");
    }

    [Test]
    public async Task Upload_SameName_ReplacesTheBlob()
    {
        var target = new AzureBlobArchiveTarget(_container);
        await target.UploadAsync("a.akarc", new MemoryStream([1, 2, 3]));
        await target.UploadAsync("a.akarc", new MemoryStream([4, 5]));

        var content = await _container.GetBlobClient("a.akarc").DownloadContentAsync();
        content.Value.Content.ToArray().Should().Equal(4, 5);
    }

    [Test]
    public async Task Upload_BadName_ThrowsNamingTheParameterAndWritesNothing()
    {
        var target = new AzureBlobArchiveTarget(_container);
        var act = () => target.UploadAsync("../escape.akarc", new MemoryStream([1]));
        await act.Should().ThrowAsync<ArgumentException>().WithParameterName("name");
        (await AzuriteServer.BlobsAsync(_container)).Should().BeEmpty();
    }

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
