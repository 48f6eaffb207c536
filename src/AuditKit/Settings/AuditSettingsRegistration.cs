using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AuditKit;

/// <summary>Registers the settings documents (<see cref="IAuditSettings"/>) and the policy stages (event policy, risk rules) that follow them.</summary>
internal static class AuditSettingsRegistration
{
    public static void AddAuditSettings(IServiceCollection services)
    {
        services.AddOptions<AuditSettingsOptions>()
            .Validate(o => o.RefreshInterval > TimeSpan.Zero, "AuditSettingsOptions.RefreshInterval must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(sp => new AuditSettings(
            sp.GetRequiredService<AuditStore>(),
            sp.GetRequiredService<IAuditLog>(),
            sp.GetRequiredService<IChangeDetector>(),
            sp.GetRequiredService<IAuditContextAccessor>(),
            sp.GetRequiredService<TimeProvider>(),
            Logger<AuditSettings>(sp)));
        services.TryAddSingleton<IAuditSettings>(sp => sp.GetRequiredService<AuditSettings>());
        services.TryAddSingleton<EventPolicyStage>();
        services.TryAddSingleton<RiskStage>();
        services.TryAddSingleton<IAuditEventPolicy>(sp => sp.GetRequiredService<EventPolicyStage>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PolicyHostedService>(sp => new PolicyHostedService(
            sp.GetRequiredService<EventPolicyStage>(),
            sp.GetRequiredService<RiskStage>(),
            sp.GetRequiredService<IAuditSettings>(),
            sp.GetRequiredService<AuditStore>(),
            sp.GetRequiredService<TimeProvider>(),
            Logger<PolicyHostedService>(sp))));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, AuditSettingsRefresher>(sp => new AuditSettingsRefresher(
            sp.GetRequiredService<AuditSettings>(),
            sp.GetRequiredService<IOptions<AuditSettingsOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            Logger<AuditSettingsRefresher>(sp))));
    }

    private static ILogger<T> Logger<T>(IServiceProvider services) =>
        (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<T>();
}
