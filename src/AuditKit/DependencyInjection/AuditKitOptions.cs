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

    /// <summary>How long <see cref="IAuditLog.Record"/> and <see cref="IAuditLog.RecordAsync"/> wait for queue space when the queue is full. Default 30 s.</summary>
    public TimeSpan EnqueueTimeout { get; set; } = TimeSpan.FromSeconds(30);

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
