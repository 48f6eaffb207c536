using System.Net;
using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;

namespace AuditKit.Archive.S3;

/// <summary>
/// An <see cref="IArchiveTarget"/> on an Amazon S3 bucket or an S3-compatible server (MinIO, Ceph, s3rver: give the
/// client an <see cref="AmazonS3Config"/> with <see cref="Amazon.Runtime.ClientConfig.ServiceURL"/> and
/// <see cref="AmazonS3Config.ForcePathStyle"/>). Object names get an optional key prefix. An upload is one PUT, so a
/// reader sees the whole object or none; a seekable stream (the retention job uploads its work files) is streamed as it
/// is, any other stream is spooled to a temporary file first, because a PUT needs its length up front. The body is sent
/// plain, not aws-chunked, which every S3-compatible server accepts.
/// </summary>
public sealed class S3ArchiveTarget : IArchiveTarget
{
    private readonly IAmazonS3 _client;
    private readonly string _bucket;
    private readonly string _prefix;

    /// <summary>Creates a target on <paramref name="bucket"/> (which must exist) through <paramref name="client"/> (not disposed by the target).</summary>
    /// <param name="client">The S3 client.</param>
    /// <param name="bucket">The bucket name.</param>
    /// <param name="prefix">A key prefix for every object (<c>audit/archives</c>; a trailing <c>/</c> is added), or null for none.</param>
    public S3ArchiveTarget(IAmazonS3 client, string bucket, string? prefix = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(bucket);
        _client = client;
        _bucket = bucket;
        _prefix = NormalizePrefix(prefix);
    }

    /// <summary>The bucket name.</summary>
    public string Bucket => _bucket;

    /// <summary>The key prefix ("" for none; otherwise ending with <c>/</c>).</summary>
    public string Prefix => _prefix;

    /// <inheritdoc />
    public async Task UploadAsync(string name, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var key = KeyOf(name);
        if (content.CanSeek)
        {
            await PutAsync(key, content, cancellationToken).ConfigureAwait(false);
            return;
        }

        var spool = Path.Combine(Path.GetTempPath(), "auditkit-s3-" + Guid.NewGuid().ToString("N") + ".partial");
        try
        {
            await using var file = new FileStream(spool, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
            await content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            file.Position = 0;
            await PutAsync(key, file, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(spool);
        }
    }

    /// <inheritdoc />
    public async Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken = default)
    {
        var key = KeyOf(name);
        try
        {
            var response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = key }, cancellationToken).ConfigureAwait(false);
            return response.ResponseStream;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound && ex.ErrorCode != "NoSuchBucket")
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ArchiveObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = _prefix + prefix };
        var page = new List<ArchiveObject>();
        while (true)
        {
            var response = await _client.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            page.Clear();
            foreach (var item in response.S3Objects ?? [])
            {
                if (item.Key is { } key && key.StartsWith(_prefix, StringComparison.Ordinal))
                {
                    page.Add(new ArchiveObject(key[_prefix.Length..], item.Size ?? 0));
                }
            }

            // S3 lists in UTF-8 byte order; the interface promises ordinal order (the same for the ASCII names archives use).
            page.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            foreach (var item in page)
            {
                yield return item;
            }

            if (response.IsTruncated != true || string.IsNullOrEmpty(response.NextContinuationToken))
            {
                yield break;
            }

            request.ContinuationToken = response.NextContinuationToken;
        }
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        var key = KeyOf(name);
        await _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _bucket, Key = key }, cancellationToken).ConfigureAwait(false);
    }

    private Task PutAsync(string key, Stream content, CancellationToken cancellationToken) =>
        _client.PutObjectAsync(
            new PutObjectRequest
            {
                BucketName = _bucket,
                Key = key,
                InputStream = content,
                AutoCloseStream = false,
                AutoResetStreamPosition = false,
                ContentType = "application/octet-stream",

                // A plain body (no aws-chunked content encoding): S3-compatible servers such as s3rver store an
                // aws-chunked body as it came, signatures and all.
                UseChunkEncoding = false,
            },
            cancellationToken);

    private string KeyOf(string name)
    {
        ArchiveNames.Validate(name);
        return _prefix + name;
    }

    private static string NormalizePrefix(string? prefix)
    {
        if (string.IsNullOrEmpty(prefix))
        {
            return string.Empty;
        }

        var trimmed = prefix.Trim('/');
        if (trimmed.Length == 0)
        {
            return string.Empty;
        }

        ArchiveNames.Validate(trimmed, nameof(prefix));
        return trimmed + "/";
    }
}
