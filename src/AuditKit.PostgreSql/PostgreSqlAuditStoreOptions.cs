namespace AuditKit.PostgreSql;

/// <summary>Options of <see cref="PostgreSqlAuditStore"/>.</summary>
public sealed class PostgreSqlAuditStoreOptions
{
    /// <summary>An Npgsql connection string (<c>Host=db;Database=erp;Username=audit;Password=…</c>).</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>The schema AuditKit's tables live in; created when missing. Default <c>auditkit</c>.</summary>
    public string Schema { get; set; } = "auditkit";

    /// <summary>
    /// Never write (for verifiers and tools): no schema, migration or partition is created, every session is
    /// read-only (<c>default_transaction_read_only</c>), and the first use checks that the schema is an AuditKit
    /// store of a version this package reads. Default false.
    /// </summary>
    public bool ReadOnly { get; set; }

    /// <summary>How many monthly partitions are kept created ahead of the newest event. Default 2.</summary>
    public int PartitionsAhead { get; set; } = 2;

    /// <summary>
    /// Whether an erasure (<see cref="IAuditEraser"/>) rewrites the monthly partitions it touched
    /// (<c>VACUUM (FULL, ANALYZE)</c>), so the old row versions that still hold the erased values leave the
    /// data files at once. Default <see langword="true"/>. A rewrite holds an ACCESS EXCLUSIVE lock on the
    /// partition while it runs (reads and appends of that month wait), needs free disk space for a copy of it,
    /// and takes about 3 s per 100,000 events (docs/integrity.md). When <see langword="false"/>, only the
    /// statistics are refreshed (ANALYZE) and the old versions stay in the files until PostgreSQL reuses
    /// their space, as after a plain VACUUM.
    /// </summary>
    public bool RewritePartitionsAfterErasure { get; set; } = true;
}
