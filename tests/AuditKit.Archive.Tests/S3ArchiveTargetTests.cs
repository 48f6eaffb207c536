using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using AuditKit.Archive.S3;
using AuditKit.Archive.Tests.Support;

namespace AuditKit.Archive.Tests;

/// <summary>The S3 target against a real S3 API (s3rver): each operation checked with the SDK's own view of the bucket.</summary>
public sealed class S3ArchiveTargetTests
{
    private NodeServer _server = null!;
    private AmazonS3Client _client = null!;
    private string _bucket = null!;

    [OneTimeSetUp]
    public async Task StartServerAsync()
    {
        _server = await S3Server.StartAsync();
        _client = S3Server.Client(_server);
    }

    [OneTimeTearDown]
    public void StopServer()
    {
        _client?.Dispose();
        _server?.Dispose();
    }

    [SetUp]
    public async Task NewBucketAsync() => _bucket = await S3Server.NewBucketAsync(_client);

    [Test]
    public async Task UploadListOpenDelete_UnderAPrefix_StoresTheExactBytesUnderPrefixedKeys()
    {
        var target = new S3ArchiveTarget(_client, _bucket, "audit/archives/");
        var big = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
        var small = "{\"a\":1}"u8.ToArray();

        await target.UploadAsync("2026/x.akarc", new MemoryStream(big));
        await target.UploadAsync("2026/x.akarc.manifest.json", new NonSeekableStream(small));
        await target.UploadAsync("2025/y.akarc", new MemoryStream(small));

        (await S3Server.KeysAsync(_client, _bucket)).Should().BeEquivalentTo(new Dictionary<string, long>
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
        (await S3Server.KeysAsync(_client, _bucket)).Keys.Should().BeEquivalentTo("audit/archives/2026/x.akarc.manifest.json", "audit/archives/2025/y.akarc");
    }

    [Test]
    public async Task Upload_SameName_ReplacesTheObject()
    {
        var target = new S3ArchiveTarget(_client, _bucket);
        await target.UploadAsync("a.akarc", new MemoryStream([1, 2, 3]));
        await target.UploadAsync("a.akarc", new MemoryStream([4, 5]));

        using var response = await _client.GetObjectAsync(_bucket, "a.akarc");
        var copy = new MemoryStream();
        await response.ResponseStream.CopyToAsync(copy);
        copy.ToArray().Should().Equal(4, 5);
    }

    [Test]
    public async Task Upload_BadName_ThrowsNamingTheParameterAndWritesNothing()
    {
        var target = new S3ArchiveTarget(_client, _bucket);
        var act = () => target.UploadAsync("../escape.akarc", new MemoryStream([1]));
        await act.Should().ThrowAsync<ArgumentException>().WithParameterName("name");
        (await S3Server.KeysAsync(_client, _bucket)).Should().BeEmpty();
    }

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
