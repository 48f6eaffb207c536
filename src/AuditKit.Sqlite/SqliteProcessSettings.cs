using SQLitePCL;

namespace AuditKit.Sqlite;

/// <summary>
/// Process-wide SQLite settings for a host that writes its own SQLite database and an AuditKit SQLite store at the
/// same time (docs/entity-framework.md, "Cost"). They change the bundled SQLite library for every connection of the
/// process, AuditKit's and the application's alike. <c>UseSqlite</c> applies <see cref="DisableMemoryStatistics"/>
/// unless <see cref="SqliteAuditStoreOptions.KeepSqliteMemoryStatistics"/> is set; a host that opens SQLite before it
/// registers AuditKit can call it itself, first thing.
/// </summary>
public static class SqliteProcessSettings
{
    private const int SqliteConfigMemStatus = 9; // SQLITE_CONFIG_MEMSTATUS

    /// <summary>
    /// Turns off SQLite's process-wide memory statistics. With them on (the bundled library's default) every SQLite
    /// allocation takes one global mutex, which an application saving to its SQLite database and the audit writer
    /// storing the previous save's events then contend for: measured, a save of 100 entities back to back took
    /// 1.06x the unaudited save with them off against 1.38x with them on (docs/benchmarks.md). The price:
    /// <c>sqlite3_memory_used</c>, <c>sqlite3_memory_highwater</c> and a soft heap limit stop working in this process.
    /// Call it first thing at start-up, before any SQLite connection opens.
    /// </summary>
    /// <returns>
    /// <see langword="true"/> when applied; <see langword="false"/> when SQLite had already started in this process, in
    /// which case nothing changed.
    /// </returns>
    public static bool DisableMemoryStatistics()
    {
        Batteries_V2.Init(); // what Microsoft.Data.Sqlite does before its first connection (idempotent)
        return raw.sqlite3_config(SqliteConfigMemStatus, 0) == raw.SQLITE_OK;
    }
}
