namespace AuditKit.PostgreSql.Tests;

/// <summary>The throwaway server <c>./build.sh test</c> starts (AUDITKIT_POSTGRES). Without it the tests fail: they never skip.</summary>
internal static class PostgreSqlServer
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("AUDITKIT_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("AUDITKIT_POSTGRES is not set: run the tests with ./build.sh test, which starts a PostgreSQL server for them.");

    /// <summary>A store in a schema of its own, so every test starts empty.</summary>
    public static PostgreSqlAuditStore NewStore(out string schema)
    {
        schema = "t_" + Guid.NewGuid().ToString("N")[..16];
        return new PostgreSqlAuditStore(new PostgreSqlAuditStoreOptions { ConnectionString = ConnectionString, Schema = schema });
    }
}
