using AuditKit.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace AuditKit;

/// <summary>Adds the SQLite store to AuditKit.</summary>
public static class SqliteAuditKitBuilderExtensions
{
    /// <summary>
    /// Stores the audit log in a SQLite database file (created and migrated on start). Several processes may
    /// share one file: each writer takes its own stream, see docs/architecture.md. The writers' stream heads are
    /// published beside the file (<c>audit.db.heads/</c>, see <see cref="CheckpointOptions.HeadDirectory"/>).
    /// Unless <see cref="SqliteAuditStoreOptions.KeepSqliteMemoryStatistics"/> is set, it also turns SQLite's
    /// process-wide memory statistics off when SQLite has not started yet (docs/entity-framework.md, "Cost").
    /// </summary>
    /// <param name="builder">The AuditKit builder.</param>
    /// <param name="connectionString">For example <c>Data Source=audit.db</c>.</param>
    /// <param name="configure">Further store options.</param>
    public static IAuditKitBuilder UseSqlite(this IAuditKitBuilder builder, string connectionString, Action<SqliteAuditStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var options = new SqliteAuditStoreOptions { ConnectionString = connectionString };
        configure?.Invoke(options);
        if (!options.KeepSqliteMemoryStatistics)
        {
            // Process-wide, and only possible before SQLite's first connection: registration is the earliest point.
            SqliteProcessSettings.DisableMemoryStatistics();
        }

        builder.UseStore(SqliteAuditStore.Provider, sp => new SqliteAuditStore(options, sp.GetService<TimeProvider>()));

        // The journals live beside the database unless the host chose a folder: same disk, same backups.
        var path = SqliteAuditStore.FilePathOf(options.ConnectionString);
        if (path is not null)
        {
            builder.Services.PostConfigure<AuditKitOptions>(o => o.JournalDirectory ??= path + ".journal");
            builder.Services.PostConfigure<CheckpointOptions>(o => o.HeadDirectory ??= path + ".heads");
        }

        return builder;
    }
}
