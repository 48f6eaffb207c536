namespace AuditKit;

/// <summary>When checkpoints are made, who signs them and where copies go. Set with <c>audit.AddCheckpoints(...)</c>.</summary>
public sealed class CheckpointOptions
{
    /// <summary>A checkpoint after this many events of a stream. Default 10,000.</summary>
    public int EveryEvents { get; set; } = 10_000;

    /// <summary>A checkpoint at least this often while events arrive. Default 5 minutes.</summary>
    public TimeSpan Every { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Signs checkpoints; required.</summary>
    public ICheckpointSigner? Signer { get; set; }

    /// <summary>Also writes each checkpoint as a JSON file into this folder (outside the database), when set and no <see cref="Publisher"/> is.</summary>
    public string? PublishDirectory { get; set; }

    /// <summary>Where copies of checkpoints go; defaults to a <see cref="FolderCheckpointPublisher"/> on <see cref="PublishDirectory"/> when that is set.</summary>
    public ICheckpointPublisher? Publisher { get; set; }
}
