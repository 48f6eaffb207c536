namespace AuditKit.PostgreSql;

/// <summary>Options of <see cref="PostgreSqlAuditStore"/>.</summary>
public sealed class PostgreSqlAuditStoreOptions
{
    /// <summary>An Npgsql connection string (<c>Host=db;Database=erp;Username=audit;Password=…</c>).</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>The schema AuditKit's tables live in; created when missing. Default <c>auditkit</c>.</summary>
    public string Schema { get; set; } = "auditkit";

    /// <summary>How many monthly partitions are kept created ahead of the newest event. Default 2.</summary>
    public int PartitionsAhead { get; set; } = 2;
}
