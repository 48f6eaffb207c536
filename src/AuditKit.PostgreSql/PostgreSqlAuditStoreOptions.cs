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
}
