using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace AuditKit.Archive.AzureBlob;

/// <summary>
/// An <see cref="IArchiveTarget"/> on an Azure Blob Storage container (or Azurite): each object a block blob, names
/// with an optional prefix. An upload is streamed in blocks and committed at the end, so a reader sees the whole blob
/// (the old one until then) or none; reads stream the blob down.
/// </summary>
public sealed class AzureBlobArchiveTarget : IArchiveTarget
{
    private readonly BlobContainerClient _container;
    private readonly string _prefix;

    /// <summary>Creates a target on <paramref name="container"/>, which must exist.</summary>
    /// <param name="container">The container client (its credential decides what the target may do).</param>
    /// <param name="prefix">A name prefix for every blob (<c>audit/archives</c>; a trailing <c>/</c> is added), or null for none.</param>
    public AzureBlobArchiveTarget(BlobContainerClient container, string? prefix = null)
    {
        ArgumentNullException.ThrowIfNull(container);
        _container = container;
        _prefix = NormalizePrefix(prefix);
    }

    /// <summary>The container's name.</summary>
    public string ContainerName => _container.Name;

    /// <summary>The name prefix ("" for none; otherwise ending with <c>/</c>).</summary>
    public string Prefix => _prefix;

    /// <inheritdoc />
    public async Task UploadAsync(string name, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var blob = _container.GetBlobClient(BlobNameOf(name));
        await blob.UploadAsync(content, overwrite: true, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken = default)
    {
        var blob = _container.GetBlobClient(BlobNameOf(name));
        try
        {
            var response = await blob.DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404 && ex.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ArchiveObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var pages = _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, _prefix + prefix, cancellationToken).AsPages();
        var page = new List<ArchiveObject>();
        await foreach (var p in pages.ConfigureAwait(false))
        {
            page.Clear();
            foreach (var item in p.Values)
            {
                if (item.Name.StartsWith(_prefix, StringComparison.Ordinal))
                {
                    page.Add(new ArchiveObject(item.Name[_prefix.Length..], item.Properties.ContentLength ?? 0));
                }
            }

            page.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            foreach (var item in page)
            {
                yield return item;
            }
        }
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        var blob = _container.GetBlobClient(BlobNameOf(name));
        await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private string BlobNameOf(string name)
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
