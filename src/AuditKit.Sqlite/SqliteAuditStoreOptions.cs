namespace AuditKit.Sqlite;

/// <summary>Options of the SQLite store.</summary>
public sealed class SqliteAuditStoreOptions
{
    /// <summary>The connection string, for example <c>Data Source=audit.db</c>. Required.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// SQLite's <c>synchronous</c> setting for the writer. Default <see cref="SqliteSynchronous.Full"/>: a
    /// committed batch survives power loss. <see cref="SqliteSynchronous.Normal"/> is faster in WAL mode but
    /// may lose the last commits on power loss (not on a process crash).
    /// </summary>
    public SqliteSynchronous Synchronous { get; set; } = SqliteSynchronous.Full;

    /// <summary>
    /// Whether <c>UseSqlite</c> leaves SQLite's process-wide memory statistics on. Default <see langword="false"/>:
    /// <c>UseSqlite</c> turns them off when it is called, if SQLite has not started in the process yet
    /// (<see cref="SqliteProcessSettings.DisableMemoryStatistics"/>): with them on, every SQLite allocation takes one
    /// global mutex, which an application saving to its own SQLite database and the audit writer contend for. Set it to
    /// <see langword="true"/> if the process uses <c>sqlite3_memory_used</c>, <c>sqlite3_status64</c> or a SQLite heap
    /// limit, which stop working without the statistics. Read only by <c>UseSqlite</c>.
    /// </summary>
    public bool KeepSqliteMemoryStatistics { get; set; }
}

/// <summary>SQLite's durability setting (<c>PRAGMA synchronous</c>).</summary>
public enum SqliteSynchronous
{
    /// <summary>fsync on every commit: no acknowledged event is lost on power failure.</summary>
    Full = 0,

    /// <summary>fsync at WAL checkpoints only: faster; the last commits may be lost on power failure.</summary>
    Normal = 1,
}
