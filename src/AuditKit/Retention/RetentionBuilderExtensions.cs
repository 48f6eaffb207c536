using Cronos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AuditKit;

/// <summary>Turns on retention: <see cref="IAuditRetention"/> and the scheduled job (docs/retention.md).</summary>
public static class RetentionBuilderExtensions
{
    /// <summary>
    /// Adds <see cref="IAuditRetention"/> and a hosted service that runs the retention job on
    /// <see cref="RetentionOptions.Schedule"/>. The policies are the <see cref="AuditRetentionPolicies"/> settings document
    /// (the product page's defaults until saved). A key provider and a target (or archive folder) are required.
    /// </summary>
    /// <param name="builder">The AuditKit builder.</param>
    /// <param name="configure">Sets the target, keys, schedule and batch size.</param>
    /// <returns>The builder.</returns>
    public static IAuditKitBuilder AddRetention(this IAuditKitBuilder builder, Action<RetentionOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.Configure(configure);
        services.AddOptions<RetentionOptions>().Validate(Valid, "RetentionOptions needs a KeyProvider, a Target or ArchiveFolder, a valid Schedule (5-field cron) and TimeZone, a DeleteBatchSize of 1-10,000 and a positive LeaseDuration.").ValidateOnStart();
        services.TryAddSingleton(sp => new RetentionEngine(
            sp.GetRequiredService<AuditStore>(),
            sp.GetRequiredService<IAuditSettings>(),
            sp.GetRequiredService<IAuditLog>(),
            sp.GetRequiredService<IAuditContextAccessor>(),
            sp.GetRequiredService<IOptions<RetentionOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            Logger<RetentionEngine>(sp)));
        services.TryAddSingleton<IAuditRetention>(sp => new AuditRetention(
            sp.GetRequiredService<RetentionEngine>(),
            sp.GetRequiredService<AuditStore>(),
            sp.GetRequiredService<IAuditSettings>(),
            sp.GetRequiredService<IAuditContextAccessor>(),
            sp.GetRequiredService<IOptions<RetentionOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RetentionHostedService>(sp => new RetentionHostedService(
            sp.GetRequiredService<RetentionEngine>(),
            sp.GetRequiredService<IOptions<RetentionOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            Logger<RetentionHostedService>(sp))));
        return builder;
    }

    private static bool Valid(RetentionOptions o) =>
        o.KeyProvider is not null
        && (o.Target is not null || !string.IsNullOrEmpty(o.ArchiveFolder))
        && CronExpression.TryParse(o.Schedule ?? string.Empty, out _)
        && TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone ?? string.Empty, out _)
        && o.DeleteBatchSize is >= 1 and <= AuditDeletionRequest.MaxBatchSize
        && o.PauseBetweenBatches >= TimeSpan.Zero
        && o.LeaseDuration > TimeSpan.Zero;

    private static ILogger<T> Logger<T>(IServiceProvider services) =>
        (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<T>();
}
