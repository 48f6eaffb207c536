using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AuditKit;

/// <summary>Registers the write pipeline: queue, normalizer, <see cref="IAuditLog"/>, journal, health, metrics and the writer.</summary>
internal static class PipelineRegistration
{
    public static void AddAuditPipeline(IServiceCollection services)
    {
        services.AddOptions<AuditKitOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditKitOptions>, AuditKitOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAuditContextAccessor, AuditContextAccessor>();
        services.TryAddSingleton<AuditQueue>();
        services.TryAddSingleton<AuditKitMetrics>();
        services.TryAddSingleton(sp => new AuditEventNormalizer(
            sp.GetRequiredService<IOptions<AuditKitOptions>>().Value,
            sp.GetRequiredService<IAuditContextAccessor>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<ErasureOptions>>().Value.Fields,
            sp.GetRequiredService<EventPolicyStage>(),
            sp.GetRequiredService<RiskStage>()));
        services.TryAddSingleton<AuditKitHealth>();
        services.TryAddSingleton(sp => new AuditKitHealthCheck(sp.GetRequiredService<AuditKitHealth>(), sp.GetRequiredService<AuditQueue>()));
        services.TryAddSingleton(sp => new OverflowJournal(
            sp.GetRequiredService<IOptions<AuditKitOptions>>().Value.ResolveJournalDirectory, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IAuditLog, AuditLog>();

        // Created when the host starts the writer (after options validation has named a missing store).
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<AuditWriter>(sp));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, AuditWriterHostedService>());
    }
}
