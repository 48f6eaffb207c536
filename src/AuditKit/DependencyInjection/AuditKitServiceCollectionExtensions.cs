using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

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
        services.TryAddSingleton<IChangeDetector>(sp => new ChangeDetector(sp.GetRequiredService<IOptions<ChangeDetectorOptions>>().Value));
        services.TryAddSingleton<AuditKitHealth>();
        services.TryAddSingleton(sp => new AuditKitHealthCheck(sp.GetRequiredService<AuditKitHealth>(), sp.GetRequiredService<AuditQueue>()));
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AuditKitOptions>>().Value;
            return new OverflowJournal(options.ResolveJournalDirectory, sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton<IAuditLog>(sp => new AuditLog(
            sp.GetRequiredService<AuditQueue>(),
            sp.GetRequiredService<AuditEventNormalizer>(),
            sp.GetRequiredService<IOptions<AuditKitOptions>>(),
            sp.GetRequiredService<IChangeDetector>(),
            sp.GetRequiredService<OverflowJournal>(),
            sp.GetRequiredService<AuditKitHealth>(),
            sp.GetRequiredService<AuditKitMetrics>(),
            sp.GetRequiredService<TimeProvider>(),
            (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<AuditLog>()));
        services.TryAddSingleton<IAuditReader, AuditReader>();
        services.TryAddSingleton<IAuditInsights>(sp => new AuditInsights(sp.GetRequiredService<IAuditReader>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new AuditWriter(
            sp.GetRequiredService<AuditQueue>(),
            sp.GetRequiredService<AuditStore>(),
            sp.GetRequiredService<IOptions<AuditKitOptions>>(),
            sp.GetRequiredService<AuditKitMetrics>(),
            sp.GetRequiredService<AuditKitHealth>(),
            sp.GetRequiredService<OverflowJournal>(),
            new Checkpointer(
                sp.GetRequiredService<AuditStore>(),
                sp.GetRequiredService<IOptions<CheckpointOptions>>().Value,
                sp.GetRequiredService<TimeProvider>(),
                (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<Checkpointer>()),
            sp.GetRequiredService<TimeProvider>(),
            (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<AuditWriter>()));
        services.TryAddSingleton<IAuditVerifier>(sp =>
        {
            // The host's verifier holds the store against what the writer publishes outside it.
            var checkpoints = sp.GetRequiredService<IOptions<CheckpointOptions>>().Value;
            return new AuditVerifier(sp.GetRequiredService<AuditStore>(), sp.GetRequiredService<TimeProvider>(), new AuditVerifierOptions
            {
                HeadDirectory = checkpoints.PublishHeads ? checkpoints.HeadDirectory : null,
                CheckpointDirectory = checkpoints.Publisher is null ? checkpoints.PublishDirectory : null,
            });
        });
        services.TryAddSingleton<IAuditEraser>(sp => new AuditEraser(
            sp.GetRequiredService<AuditStore>(),
            sp.GetRequiredService<IAuditReader>(),
            sp.GetRequiredService<IAuditLog>(),
            sp.GetRequiredService<IAuditContextAccessor>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, AuditWriterHostedService>());
        AuditSettingsRegistration.AddAuditSettings(services);

        configure?.Invoke(builder);
        return builder;
    }
}
