namespace AuditKit;

/// <summary>
/// Where retention keeps archive files and their manifests: a local folder (<see cref="FolderArchiveTarget"/>, the
/// default) or object storage (the AuditKit.Archive.S3 and AuditKit.Archive.AzureBlob packages). Object names use
/// <c>/</c> as separator (<c>2026/20261130T030000Z-s1-t.akarc</c>).
/// </summary>
public interface IArchiveTarget
{
    /// <summary>Stores <paramref name="content"/> under <paramref name="name"/>, replacing any object of that name; a reader sees the whole object or none.</summary>
    /// <param name="name">The object name.</param>
    /// <param name="content">The bytes, read to their end.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>A task that completes when the object is stored.</returns>
    Task UploadAsync(string name, Stream content, CancellationToken cancellationToken = default);

    /// <summary>Opens an object for reading, or returns <see langword="null"/> when there is none of that name.</summary>
    /// <param name="name">The object name.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>A readable stream the caller disposes, or null.</returns>
    Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The objects whose names start with <paramref name="prefix"/>, in ordinal name order.</summary>
    /// <param name="prefix">The name prefix ("" for all).</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The objects.</returns>
    IAsyncEnumerable<ArchiveObject> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Deletes an object; deleting one that does not exist does nothing.</summary>
    /// <param name="name">The object name.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns>A task that completes when the object is gone.</returns>
    Task DeleteAsync(string name, CancellationToken cancellationToken = default);
}
