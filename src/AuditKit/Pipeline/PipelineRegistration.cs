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
        services.TryAddSingleton(sp => new AuditKitMetrics(sp.GetRequiredService<AuditQueue>(), sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
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
        services.TryAddSingleton<IAuditLog>(sp => new AuditLog(
            sp.GetRequiredService<AuditQueue>(),
            sp.GetRequiredService<AuditEventNormalizer>(),
            sp.GetRequiredService<IOptions<AuditKitOptions>>(),
            sp.GetRequiredService<IChangeDetector>(),
            sp.GetRequiredService<OverflowJournal>(),
            sp.GetRequiredService<AuditKitHealth>(),
            sp.GetRequiredService<AuditKitMetrics>(),
            sp.GetRequiredService<TimeProvider>(),
            Logger<AuditLog>(sp)));
        services.TryAddSingleton(sp => new AuditWriter(
            sp.GetRequiredService<AuditQueue>(),
            sp.GetRequiredService<AuditStore>(),
            sp.GetRequiredService<IOptions<AuditKitOptions>>(),
            sp.GetRequiredService<AuditKitMetrics>(),
            sp.GetRequiredService<AuditKitHealth>(),
            sp.GetRequiredService<OverflowJournal>(),
            sp.GetRequiredService<Checkpointer>(),
            sp.GetRequiredService<TimeProvider>(),
            Logger<AuditWriter>(sp)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, AuditWriterHostedService>());
    }

    private static ILogger<T> Logger<T>(IServiceProvider services) =>
        (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<T>();
}
