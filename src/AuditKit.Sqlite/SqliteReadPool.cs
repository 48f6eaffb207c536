using System.Collections;
using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace AuditKit.Sqlite;

/// <summary>
/// Read-only connections for the log viewer's page query, each used by one caller at a time, with its prepared
/// statements kept by SQL text. A page read through Microsoft.Data.Sqlite and Dapper costs, per column of every row,
/// a connection mutex lock and two safe-handle calls and a boxed value (~0.2 ms for a page of 50 events, most of the
/// query's time under load); here the connection is opened without a mutex (SQLITE_OPEN_NOMUTEX: only its renter uses
/// it) and columns are read straight from the statement (<see cref="SqliteRow"/>). The connections are opened
/// SQLITE_OPEN_READONLY, so this path cannot write. File databases only; shared in-memory ones take the Dapper path.
/// </summary>
internal sealed class SqliteReadPool(string databasePath) : IDisposable
{
    /// <summary>Statements kept per connection (one per distinct filter shape); beyond it the connection's are finalized and prepared again.</summary>
    internal const int MaxStatements = 32;

    private readonly ConcurrentBag<Connection> _idle = [];
    private readonly int _maxIdle = Math.Max(4, Environment.ProcessorCount * 2);
    private volatile bool _disposed;

    /// <summary>Runs a SELECT of <see cref="SqliteSchema.ReadColumns"/> (in that order) with Dapper-style <c>@name</c> parameters; lists bind as <c>IN (…)</c>.</summary>
    public List<StoredEventRow> Query(string sql, DynamicParameters parameters, int capacity, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_disposed, this);
        var lookup = (SqlMapper.IParameterLookup)parameters;
        sql = ExpandLists(sql, parameters, lookup);
        var connection = _idle.TryTake(out var idle) ? idle : Connection.Open(databasePath);
        var healthy = false;
        try
        {
            var statement = connection.Prepare(sql);
            try
            {
                Bind(connection, statement, parameters, lookup);
                var rows = new List<StoredEventRow>(capacity);
                int rc;
                while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
                {
                    rows.Add(SqliteCanonicalRow.ReadRow(new SqliteRow(statement)));
                }

                connection.Check(rc == raw.SQLITE_DONE ? raw.SQLITE_OK : rc);
                healthy = true;
                return rows;
            }
            finally
            {
                raw.sqlite3_reset(statement);
                raw.sqlite3_clear_bindings(statement);
            }
        }
        finally
        {
            if (healthy && !_disposed && _idle.Count < _maxIdle)
            {
                _idle.Add(connection);
                if (_disposed)
                {
                    Dispose(); // disposed meanwhile: close what was just returned
                }
            }
            else
            {
                connection.Dispose();
            }
        }
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var connection))
        {
            connection.Dispose();
        }
    }

    // Dapper's list expansion: "IN @name" becomes "IN (@name__1, @name__2, …)".
    private static string ExpandLists(string sql, DynamicParameters parameters, SqlMapper.IParameterLookup lookup)
    {
        foreach (var name in parameters.ParameterNames)
        {
            if (lookup[name] is IEnumerable list and not string and not byte[])
            {
                var expanded = new StringBuilder("IN (");
                var i = 0;
                foreach (var _ in list)
                {
                    expanded.Append(i == 0 ? "@" : ", @").Append(name).Append("__").Append(++i);
                }

                sql = Regex.Replace(sql, @"\bIN @" + Regex.Escape(name) + @"\b", expanded.Append(')').ToString(), RegexOptions.CultureInvariant);
            }
        }

        return sql;
    }

    private static void Bind(Connection connection, sqlite3_stmt statement, DynamicParameters parameters, SqlMapper.IParameterLookup lookup)
    {
        foreach (var name in parameters.ParameterNames)
        {
            var value = lookup[name];
            if (value is IEnumerable list and not string and not byte[])
            {
                var i = 0;
                foreach (var item in list)
                {
                    BindOne(connection, statement, "@" + name + "__" + ++i, item);
                }
            }
            else
            {
                BindOne(connection, statement, "@" + name, value);
            }
        }
    }

    private static void BindOne(Connection connection, sqlite3_stmt statement, string name, object? value)
    {
        var index = raw.sqlite3_bind_parameter_index(statement, name);
        if (index == 0)
        {
            return; // a parameter the SQL does not use (Dapper ignores those too)
        }

        connection.Check(value switch
        {
            null => raw.sqlite3_bind_null(statement, index),
            long l => raw.sqlite3_bind_int64(statement, index, l),
            int i => raw.sqlite3_bind_int64(statement, index, i),
            string { Length: 0 } => raw.sqlite3_bind_text(statement, index, string.Empty), // an empty span would bind NULL
            string s => raw.sqlite3_bind_text(statement, index, s),
            byte[] b => raw.sqlite3_bind_blob(statement, index, b),
            _ => throw new NotSupportedException($"SqliteReadPool cannot bind parameter '{name}' of type {value.GetType()}."),
        });
    }

    /// <summary>One read-only connection without a mutex and its prepared statements.</summary>
    private sealed class Connection : IDisposable
    {
        private readonly sqlite3 _db;
        private readonly Dictionary<string, sqlite3_stmt> _statements = new(StringComparer.Ordinal);

        private Connection(sqlite3 db) => _db = db;

        public static Connection Open(string path)
        {
            var rc = raw.sqlite3_open_v2(path, out var db, raw.SQLITE_OPEN_READONLY | raw.SQLITE_OPEN_NOMUTEX, null);
            if (rc != raw.SQLITE_OK)
            {
                var message = db is null ? raw.sqlite3_errstr(rc).utf8_to_string() : raw.sqlite3_errmsg(db).utf8_to_string();
                db?.Dispose();
                throw new SqliteException($"SQLite Error {rc}: '{message}'.", rc);
            }

            raw.sqlite3_busy_timeout(db, 30_000);
            return new Connection(db);
        }

        public sqlite3_stmt Prepare(string sql)
        {
            if (_statements.TryGetValue(sql, out var statement))
            {
                return statement;
            }

            if (_statements.Count >= MaxStatements)
            {
                FinalizeAll();
            }

            Check(raw.sqlite3_prepare_v2(_db, sql, out statement));
            _statements.Add(sql, statement);
            return statement;
        }

        public void Check(int rc)
        {
            if (rc != raw.SQLITE_OK)
            {
                throw new SqliteException($"SQLite Error {rc}: '{raw.sqlite3_errmsg(_db).utf8_to_string()}'.", rc);
            }
        }

        public void Dispose()
        {
            FinalizeAll();
            _db.Dispose();
        }

        private void FinalizeAll()
        {
            foreach (var statement in _statements.Values)
            {
                statement.Dispose();
            }

            _statements.Clear();
        }
    }
}
