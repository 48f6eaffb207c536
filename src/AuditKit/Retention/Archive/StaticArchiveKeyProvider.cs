namespace AuditKit;

/// <summary>An <see cref="IArchiveKeyProvider"/> over keys the host hands over (from its secret store) at start-up.</summary>
public sealed class StaticArchiveKeyProvider : IArchiveKeyProvider
{
    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal);

    /// <summary>Creates a provider whose current key is <paramref name="currentKeyId"/>.</summary>
    /// <param name="currentKeyId">The id of the key new archives use.</param>
    /// <param name="currentKey">Its 32 bytes.</param>
    /// <param name="olderKeys">Keys of older archives, by id.</param>
    /// <exception cref="ArgumentException">A key id is empty or a key is not 32 bytes.</exception>
    public StaticArchiveKeyProvider(string currentKeyId, byte[] currentKey, IReadOnlyDictionary<string, byte[]>? olderKeys = null)
    {
        Add(currentKeyId, currentKey, nameof(currentKey));
        foreach (var (id, key) in olderKeys ?? new Dictionary<string, byte[]>())
        {
            Add(id, key, nameof(olderKeys));
        }

        CurrentKeyId = currentKeyId;
    }

    /// <inheritdoc />
    public string CurrentKeyId { get; }

    /// <inheritdoc />
    public ValueTask<byte[]?> GetKeyAsync(string keyId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_keys.TryGetValue(keyId ?? string.Empty, out var key) ? (byte[]?)key.ToArray() : null);

    private void Add(string id, byte[] key, string parameterName)
    {
        ArgumentException.ThrowIfNullOrEmpty(id, parameterName);
        ArgumentNullException.ThrowIfNull(key, parameterName);
        if (key.Length != 32)
        {
            throw new ArgumentException($"Archive key '{id}' has {key.Length} bytes; AES-256 needs 32.", parameterName);
        }

        _keys[id] = key.ToArray();
    }
}
