using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using AuditKit.Archive.S3;
using AuditKit.Archive.Tests.Support;

namespace AuditKit.Archive.Tests;

/// <summary>s3rver on a free port for the S3 tests, and a client for it.</summary>
internal sealed class S3Server : ArchiveService
{
    private AmazonS3Client? _client;
    private string _bucket = null!;

    private AmazonS3Client Client => _client ?? throw new InvalidOperationException("s3rver is not started.");

    public override async Task NewBucketAsync()
    {
        _bucket = "b" + Guid.NewGuid().ToString("N")[..20];
        await Client.PutBucketAsync(new PutBucketRequest { BucketName = _bucket });
    }

    public override IArchiveTarget NewTarget(string? prefix = null) => new S3ArchiveTarget(Client, _bucket, prefix);

    /// <summary>The bucket's keys and sizes, read with the SDK directly (not through the target).</summary>
    public override async Task<Dictionary<string, long>> ObjectsAsync()
    {
        var keys = new Dictionary<string, long>();
        var response = await Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, MaxKeys = 1000 });
        foreach (var o in response.S3Objects ?? [])
        {
            keys[o.Key!] = o.Size ?? -1;
        }

        return keys;
    }

    public override async Task<byte[]> ReadObjectAsync(string name)
    {
        using var response = await Client.GetObjectAsync(_bucket, name);
        var copy = new MemoryStream();
        await response.ResponseStream.CopyToAsync(copy);
        return copy.ToArray();
    }

    public override Task WriteObjectAsync(string name, byte[] bytes) =>
        Client.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = name, InputStream = new MemoryStream(bytes), UseChunkEncoding = false });

    protected override async Task<NodeServer> StartServerAsync()
    {
        var server = await NodeServer.StartAsync("node_modules/s3rver/bin/s3rver.js", "-d {dir} -p {port} -a 127.0.0.1 --silent", TimeSpan.FromSeconds(30));
        _client = new AmazonS3Client(
            new BasicAWSCredentials("S3RVER", "S3RVER"),
            new AmazonS3Config
            {
                ServiceURL = $"http://127.0.0.1:{server.Port}",
                ForcePathStyle = true,
                AuthenticationRegion = "us-east-1",
                RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            });
        return server;
    }

    protected override void Dispose(bool disposing) => _client?.Dispose();
}
