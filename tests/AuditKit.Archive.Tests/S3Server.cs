using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using AuditKit.Archive.Tests.Support;

namespace AuditKit.Archive.Tests;

/// <summary>s3rver on a free port for the S3 tests, and clients for it.</summary>
internal static class S3Server
{
    public static Task<NodeServer> StartAsync() =>
        NodeServer.StartAsync("node_modules/s3rver/bin/s3rver.js", "-d {dir} -p {port} -a 127.0.0.1 --silent", TimeSpan.FromSeconds(30));

    public static AmazonS3Client Client(NodeServer server) => new(
        new BasicAWSCredentials("S3RVER", "S3RVER"),
        new AmazonS3Config
        {
            ServiceURL = $"http://127.0.0.1:{server.Port}",
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });

    public static async Task<string> NewBucketAsync(IAmazonS3 client)
    {
        var bucket = "b" + Guid.NewGuid().ToString("N")[..20];
        await client.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        return bucket;
    }

    /// <summary>The bucket's keys and sizes, read with the SDK directly (not through the target).</summary>
    public static async Task<Dictionary<string, long>> KeysAsync(IAmazonS3 client, string bucket)
    {
        var keys = new Dictionary<string, long>();
        var response = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, MaxKeys = 1000 });
        foreach (var o in response.S3Objects ?? [])
        {
            keys[o.Key!] = o.Size ?? -1;
        }

        return keys;
    }
}
