using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AuditKit;

/// <summary>Registers the reading side: <see cref="IAuditReader"/> and the insight read models (<see cref="IAuditInsights"/>).</summary>
internal static class QueryingRegistration
{
    public static void AddAuditQuerying(IServiceCollection services)
    {
        services.TryAddSingleton<IAuditReader, AuditReader>();
        services.TryAddSingleton<IAuditInsights, AuditInsights>();
    }
}
