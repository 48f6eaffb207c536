using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace AuditKit.Sqlite;

/// <summary>Prepared statements bound by position straight on SQLite (SQLitePCL), for the write path's hot statements.</summary>
internal static class SqliteRaw
{
    public static sqlite3_stmt Prepare(sqlite3 db, string sql)
    {
        Check(db, raw.sqlite3_prepare_v2(db, sql, out var statement));
        return statement;
    }

    public static void Text(sqlite3 db, sqlite3_stmt statement, int index, string? value) => Check(
        db,
        value is null ? raw.sqlite3_bind_null(statement, index)
        : value.Length == 0 ? raw.sqlite3_bind_text(statement, index, string.Empty) // an empty span would bind NULL
        : raw.sqlite3_bind_text16(statement, index, value.AsSpan()));

    public static void Int64(sqlite3 db, sqlite3_stmt statement, int index, long value) => Check(db, raw.sqlite3_bind_int64(statement, index, value));

    /// <summary>Steps a bound statement to its end and resets it; true when it changed a row.</summary>
    public static bool Execute(sqlite3 db, sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }

        return raw.sqlite3_changes(db) > 0;
    }

    public static void Check(sqlite3 db, int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }
}
