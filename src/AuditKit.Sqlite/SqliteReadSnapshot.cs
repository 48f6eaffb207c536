using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace AuditKit.Sqlite;

/// <summary>
/// A read transaction on a reader's connection: the statements of one read (the free-text index or the roll-ups, and
/// the events trailing behind them) see one state of the file, so a writer's catch-up between two of them can neither
/// add an event twice nor drop it. Begun with a plain <c>BEGIN</c> (deferred: it takes no write lock and writes nothing)
/// and ended by <c>ROLLBACK</c>. An in-memory database (shared cache) gets none: its writer never leaves events
/// trailing, and a shared-cache read transaction would hold table locks that make the writer's statements fail.
/// </summary>
internal sealed class SqliteReadSnapshot : IDisposable
{
    private readonly SqliteConnection? _connection;

    private SqliteReadSnapshot(SqliteConnection? connection) => _connection = connection;

    public static SqliteReadSnapshot Begin(SqliteConnection connection)
    {
        if (string.IsNullOrEmpty(raw.sqlite3_db_filename(connection.Handle, "main").utf8_to_string()))
        {
            return new SqliteReadSnapshot(null);
        }

        Execute(connection, "BEGIN DEFERRED;");
        return new SqliteReadSnapshot(connection);
    }

    public void Dispose()
    {
        if (_connection?.Handle is { } db && raw.sqlite3_get_autocommit(db) == 0)
        {
            Execute(_connection, "ROLLBACK;");
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
