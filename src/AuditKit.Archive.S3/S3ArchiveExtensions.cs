using Amazon.S3;

namespace AuditKit.Archive.S3;

/// <summary>Registers an <see cref="S3ArchiveTarget"/> as the retention job's archive target.</summary>
public static class S3ArchiveExtensions
{
    /// <summary>Sets <see cref="RetentionOptions.Target"/> to an <see cref="S3ArchiveTarget"/>.</summary>
    /// <param name="options">The retention options (inside <c>audit.AddRetention(r => ...)</c>).</param>
    /// <param name="client">The S3 client (its config carries the region, or ServiceURL and ForcePathStyle for an S3-compatible server).</param>
    /// <param name="bucket">The bucket, which must exist.</param>
    /// <param name="prefix">A key prefix for every object, or null.</param>
    /// <returns>The options.</returns>
    public static RetentionOptions UseS3Archive(this RetentionOptions options, IAmazonS3 client, string bucket, string? prefix = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Target = new S3ArchiveTarget(client, bucket, prefix);
        return options;
    }
}
