using AuditKit.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuditKit;

/// <summary>Adds the PostgreSQL store to AuditKit.</summary>
public static class PostgreSqlAuditKitBuilderExtensions
{
    /// <summary>
    /// Stores the audit log in PostgreSQL (schema created and migrated on start). Several application instances
    /// may write at once: each holds its own stream through an advisory lock. The default journal folder is
    /// one per server, database and schema (<see cref="AuditKitOptions.JournalDirectory"/>). See docs/scaling.md.
    /// </summary>
    /// <param name="builder">The AuditKit builder.</param>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="configure">Further store options.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is null, empty or white space.</exception>
    public static IAuditKitBuilder UsePostgreSql(this IAuditKitBuilder builder, string connectionString, Action<PostgreSqlAuditStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var options = new PostgreSqlAuditStoreOptions { ConnectionString = connectionString };
        configure?.Invoke(options);
        builder.UseStore(PostgreSqlAuditStore.Provider, sp => new PostgreSqlAuditStore(options, sp.GetService<TimeProvider>()));

        // Journals are per store: two stores of one application (two schemas, two databases) must never
        // replay each other's events, so the default folder names the server, database and schema.
        var scope = PostgreSqlAuditStore.JournalScopeOf(options);
        builder.Services.Configure<AuditKitOptions>(o => o.JournalScope = scope);

        // The writers' stream heads go under the journal folder unless the host chose one (docs/integrity.md).
        builder.Services.AddOptions<CheckpointOptions>().PostConfigure<IOptions<AuditKitOptions>>((o, audit) => o.HeadDirectory ??= Path.Combine(audit.Value.ResolveJournalDirectory(), "heads"));
        return builder;
    }
}
