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

    /// <summary>
    /// Publish the writer's stream head (<see cref="AuditHead"/>: stream, sequence, head hash, time) into
    /// <see cref="HeadDirectory"/>, so that a verifier notices a truncated or re-hashed tail even without signed
    /// checkpoints. Default true; the write is one small file at most every <see cref="HeadEvery"/> and at stop.
    /// </summary>
    public bool PublishHeads { get; set; } = true;

    /// <summary>
    /// Where heads go (<c>head-s{stream}.json</c>, the latest per stream). Default: beside a SQLite database
    /// (<c>audit.db.heads/</c>), for PostgreSQL under the journal folder (<c>&lt;JournalDirectory&gt;/heads/</c>); no default
    /// for other stores. Put it where the application cannot rewrite it to make it an anchor against the application too.
    /// </summary>
    public string? HeadDirectory { get; set; }

    /// <summary>How often at most the head is published while events arrive. Default 10 seconds.</summary>
    public TimeSpan HeadEvery { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Where copies of checkpoints go; defaults to a <see cref="FolderCheckpointPublisher"/> on <see cref="PublishDirectory"/> when that is set.</summary>
    public ICheckpointPublisher? Publisher { get; set; }
}
