namespace AuditKit;

/// <summary>
/// The AES-256 keys archives are encrypted with. New archives use <see cref="CurrentKeyId"/>; each archive records its
/// key id, so a rotated-out key stays available for reading old archives. Keep keys outside the audit store.
/// </summary>
public interface IArchiveKeyProvider
{
    /// <summary>The id of the key new archives are encrypted with (recorded in each archive and manifest).</summary>
    string CurrentKeyId { get; }

    /// <summary>The 32-byte key with this id, or <see langword="null"/> when this provider does not have it.</summary>
    /// <param name="keyId">A key id recorded in an archive.</param>
    /// <param name="cancellationToken">Cancels a remote key fetch.</param>
    /// <returns>The key bytes, or null.</returns>
    ValueTask<byte[]?> GetKeyAsync(string keyId, CancellationToken cancellationToken = default);
}
