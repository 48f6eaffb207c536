namespace AuditKit;

/// <summary>Options of the capture API and the write pipeline. Validated at start-up.</summary>
public sealed class AuditKitOptions
{
    /// <summary>The host application's name, recorded with each writer stream ("Angage ERP").</summary>
    public string? Application { get; set; }

    /// <summary>How many events may wait in memory for the writer. Default 100,000 (about 100 MB at 1 KB per event).</summary>
    public int QueueCapacity { get; set; } = 100_000;

    /// <summary>The largest batch the writer commits in one transaction. Default 5,000: batches grow up to it under load.</summary>
    public int MaxBatchSize { get; set; } = 5_000;

    /// <summary>
    /// How long the writer waits for more events before committing a batch that is not full. Default zero:
    /// the writer commits as soon as the queue is momentarily empty, and batches grow by themselves while a
    /// commit is under way (group commit). A few milliseconds trade latency for fewer, larger transactions.
    /// </summary>
    public TimeSpan MaxBatchDelay { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// How long <see cref="IAuditLog.Record"/> and <see cref="IAuditLog.RecordAsync"/> wait for queue space
    /// when the queue is full; after that the event goes to the overflow journal on disk (never dropped).
    /// Default 1 s: the longest a host thread is held by auditing.
    /// </summary>
    public TimeSpan EnqueueTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the writer retries a failing store before it writes the batch to the spill journal instead. Default 1 s.</summary>
    public TimeSpan SpillAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the writer tries to replay the spill journal into the store while it holds batches. Default 1 s.</summary>
    public TimeSpan ReplayInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long <see cref="IAuditLog.RecordAsync"/> (Committed) waits for the event to become durable in the
    /// store or a journal before it throws <see cref="AuditLogUnavailableException"/>. Default 30 s.
    /// </summary>
    public TimeSpan CommitTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The folder of the spill and overflow journals. It must be on durable local storage and is not
    /// shared by unrelated applications or by another store: two stores writing the same stream from one
    /// folder fail at start-up. Default: beside the SQLite database (<c>audit.db.journal/</c>); for
    /// PostgreSQL <c>LocalApplicationData/AuditKit/journal/&lt;Application&gt;/postgresql-&lt;hash&gt;</c>, one
    /// folder per server, database and schema; else <c>LocalApplicationData/AuditKit/journal/&lt;Application&gt;</c>.
    /// </summary>
    public string? JournalDirectory { get; set; }

    /// <summary>
    /// Set by a store provider whose store is not a local file: a folder name telling this store apart from
    /// other stores of the same application on the machine, used under the default journal folder.
    /// </summary>
    public string? JournalScope { get; set; }

    /// <summary>
    /// The folder the spill journal and the checkpointer's head files use: <see cref="JournalDirectory"/> when set, else
    /// the default folder for <see cref="Application"/> and <see cref="JournalScope"/>.
    /// </summary>
    /// <returns>The folder's path (not created).</returns>
    public string ResolveJournalDirectory()
    {
        if (JournalDirectory is { } chosen)
        {
            return chosen;
        }

        var folder = Path.Combine(
            Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
            "AuditKit", "journal", string.Concat((Application ?? "default").Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_')));
        return JournalScope is null ? folder : Path.Combine(folder, JournalScope);
    }

    /// <summary>How long a graceful stop may take to write what is queued. Default 30 s.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The stream this instance writes, when the host wants a fixed one. Default <see langword="null"/>: the
    /// lowest stream no other live writer holds, so a restarted instance continues its chain and a second
    /// instance gets its own.
    /// </summary>
    public int? StreamId { get; set; }

    /// <summary>Size limits applied to every event; see docs/limits in the README.</summary>
    public AuditLimits Limits { get; } = new();

    /// <summary>Set by the store provider's <c>Use…</c> extension; start-up fails without one.</summary>
    internal string? StoreProvider { get; set; }
}
