using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AuditKit;

/// <summary>Wires AuditKit's EF Core interceptors.</summary>
public static class EntityFrameworkAuditKitBuilderExtensions
{
    /// <summary>
    /// Registers the EF Core interceptors (one set per application: EF Core keys its internal services on them) and
    /// configures what they record; by default every entity type is audited.
    /// </summary>
    /// <param name="builder">The AuditKit builder.</param>
    /// <param name="configure">The options.</param>
    /// <returns>The builder.</returns>
    public static IAuditKitBuilder AddEntityFramework(this IAuditKitBuilder builder, Action<EntityAuditOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        builder.Services.TryAddSingleton(sp =>
        {
            var log = sp.GetRequiredService<IAuditLog>();
            return new EntityAuditor(
                log,
                sp.GetRequiredService<IAuditContextAccessor>(),
                sp.GetRequiredService<IOptionsMonitor<EntityAuditOptions>>(),
                sp.GetRequiredService<IOptions<ChangeDetectorOptions>>().Value,
                log is IPreparedAuditLog own ? new AuditOutbox(own, sp.GetRequiredService<TimeProvider>()) : null,
                sp.GetService<IAuditEventPolicy>());
        });
        builder.Services.TryAddSingleton(sp => new EntityAuditInterceptors(
            sp.GetRequiredService<EntityAuditor>(),
            sp.GetRequiredService<IOptions<EntityAuditOptions>>().Value.InterceptCommands));
        builder.Services.TryAddSingleton<IAuditOutboxRelay>(sp => new AuditOutboxRelay(
            sp.GetRequiredService<EntityAuditor>().Outbox,
            sp.GetRequiredService<IAuditReader>(),
            sp.GetRequiredService<IOptionsMonitor<EntityAuditOptions>>(),
            sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddOptions<EntityAuditOptions>()
            .Validate(o => o.MaxBulkRows > 0 && o.MaxViewIds > 0, "EntityAuditOptions.MaxBulkRows and MaxViewIds must be positive.")
            .Validate(o => o.OutboxRelayAge >= TimeSpan.Zero, "EntityAuditOptions.OutboxRelayAge must not be negative.")
            .ValidateOnStart();
        return builder;
    }

    /// <summary>
    /// Adds AuditKit's interceptors to a DbContext: creates, updates, deletes, many-to-many links, soft deletes,
    /// <c>ExecuteUpdate</c>/<c>ExecuteDelete</c> and configured views are recorded, only for work that commits.
    /// <c>services.AddDbContext&lt;ErpDbContext&gt;((sp, db) => db.UseSqlite(...).AddAuditKitInterceptors(sp))</c>.
    /// </summary>
    /// <param name="builder">The context's options builder.</param>
    /// <param name="services">The application's services (with <c>AddAuditKit</c>).</param>
    /// <returns>The options builder.</returns>
    /// <exception cref="InvalidOperationException"><c>AddAuditKit(a => a.AddEntityFramework())</c> was not called on these services.</exception>
    public static DbContextOptionsBuilder AddAuditKitInterceptors(this DbContextOptionsBuilder builder, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(services);
        var interceptors = services.GetService<EntityAuditInterceptors>()
            ?? throw new InvalidOperationException("AddAuditKitInterceptors needs AuditKit's EF Core services: call services.AddAuditKit(audit => audit.AddEntityFramework()) first.");
        builder.AddInterceptors(interceptors.All);
        if (interceptors.InterceptsCommands)
        {
            // A save's own statements skip the command interceptor (SaveScopedInterceptors), and EF Core's per-command
            // logging checks with it, while statements outside saves reach it as before (SaveScopedCommandLogger).
            builder.ReplaceService<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptors, SaveScopedInterceptors>();
            builder.ReplaceService<Microsoft.EntityFrameworkCore.Diagnostics.IRelationalCommandDiagnosticsLogger, SaveScopedCommandLogger>();
        }

        return builder;
    }

    /// <inheritdoc cref="AddAuditKitInterceptors(DbContextOptionsBuilder, IServiceProvider)"/>
    public static DbContextOptionsBuilder<TContext> AddAuditKitInterceptors<TContext>(this DbContextOptionsBuilder<TContext> builder, IServiceProvider services)
        where TContext : DbContext =>
        (DbContextOptionsBuilder<TContext>)AddAuditKitInterceptors((DbContextOptionsBuilder)builder, services);
}
