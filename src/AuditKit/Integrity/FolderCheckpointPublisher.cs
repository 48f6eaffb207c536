namespace AuditKit;

/// <summary>
/// The default publisher: writes each checkpoint as <c>checkpoint-s{stream}-{toSequence:D12}.json</c> (its JSON,
/// <see cref="AuditCheckpoint.ToJson"/>) into a folder, for example a mounted share the application cannot rewrite.
/// </summary>
public sealed class FolderCheckpointPublisher : ICheckpointPublisher
{
    private readonly string _folder;

    /// <summary>Publishes into <paramref name="folder"/>, created when missing.</summary>
    /// <exception cref="ArgumentException"><paramref name="folder"/> is null or empty.</exception>
    public FolderCheckpointPublisher(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        _folder = Path.GetFullPath(folder);
    }

    /// <inheritdoc />
    public async Task PublishAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, $"checkpoint-s{checkpoint.StreamId}-{checkpoint.ToSequence:D12}.json");
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, checkpoint.ToJson(), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }
}
