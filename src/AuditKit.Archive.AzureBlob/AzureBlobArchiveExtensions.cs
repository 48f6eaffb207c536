using Azure.Storage.Blobs;

namespace AuditKit.Archive.AzureBlob;

/// <summary>Registers an <see cref="AzureBlobArchiveTarget"/> as the retention job's archive target.</summary>
public static class AzureBlobArchiveExtensions
{
    /// <summary>Sets <see cref="RetentionOptions.Target"/> to an <see cref="AzureBlobArchiveTarget"/>.</summary>
    /// <param name="options">The retention options (inside <c>audit.AddRetention(r => ...)</c>).</param>
    /// <param name="container">The container client; the container must exist.</param>
    /// <param name="prefix">A name prefix for every blob, or null.</param>
    /// <returns>The options.</returns>
    public static RetentionOptions UseAzureBlobArchive(this RetentionOptions options, BlobContainerClient container, string? prefix = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Target = new AzureBlobArchiveTarget(container, prefix);
        return options;
    }
}
