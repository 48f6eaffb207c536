using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AuditKit;

/// <summary>Registers AuditKit in a service collection.</summary>
public static class AuditKitServiceCollectionExtensions
{
    /// <summary>
    /// Adds AuditKit: <see cref="IAuditLog"/>, <see cref="IAuditReader"/>, <see cref="IAuditContextAccessor"/>
    /// and the background writer (an <see cref="IHostedService"/>). Calling it again only applies more
    /// configuration. A store must be chosen, for example <c>audit.UseSqlite("Data Source=audit.db")</c>;
    /// options are validated when the host starts.
    /// </summary>
    public static IAuditKitBuilder AddAuditKit(this IServiceCollection services, Action<IAuditKitBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = new AuditKitBuilder(services);

        // Services are constructed by the container from IOptions<T>, ILogger<T> and each other; logging is added
        // (TryAdd) so a container without a logging provider still resolves ILogger<T>.
        services.AddLogging();

        // Each feature registers its own services (TryAdd: a host's own registration wins).
        PipelineRegistration.AddAuditPipeline(services);
        ChangeDetectorBuilderExtensions.AddChangeDetector(services);
        QueryingRegistration.AddAuditQuerying(services);
        IntegrityRegistration.AddAuditIntegrity(services);
        ErasureRegistration.AddAuditErasure(services);
        AuditSettingsRegistration.AddAuditSettings(services);

        configure?.Invoke(builder);
        return builder;
    }
}
