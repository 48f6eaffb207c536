using AuditKit.Sqlite;

namespace AuditKit.Interop.Tests.Support;

public static class StoreFactory
{
    public static SqliteAuditStore Sqlite(string path) => new(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={path}" });

    public static async Task<List<AuditEvent>> ReadStreamAsync(AuditStore store, int streamId)
    {
        var events = new List<AuditEvent>();
        await foreach (var e in store.ReadStreamAsync(streamId))
        {
            events.Add(e);
        }

        return events;
    }

    public static string Meta(this AuditEvent e, string key) => e.Metadata.TryGetValue(key, out var value) ? value.ToString() : "(none)";

    public static string? PostgresConnection =>
        Environment.GetEnvironmentVariable("AUDITKIT_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("AUDITKIT_POSTGRES is not set: run the tests with ./build.sh test, which starts a PostgreSQL server for them.");
}
