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
        services.TryAddSingleton<AuditSettings>();
        services.TryAddSingleton<IAuditSettings>(sp => sp.GetRequiredService<AuditSettings>());
        services.TryAddSingleton<EventPolicyStage>();
        services.TryAddSingleton<RiskStage>();
        services.TryAddSingleton<IAuditEventPolicy>(sp => sp.GetRequiredService<EventPolicyStage>());
        // Created when the host starts them (after options validation has named a missing store), by the container.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PolicyHostedService>(sp => ActivatorUtilities.CreateInstance<PolicyHostedService>(sp)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, AuditSettingsRefresher>(sp => ActivatorUtilities.CreateInstance<AuditSettingsRefresher>(sp)));
    }
}
