using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AuditKit;

/// <summary>Registers <see cref="IAuditEraser"/> (sealing itself is turned on by <see cref="ErasureBuilderExtensions.AddErasure"/>).</summary>
internal static class ErasureRegistration
{
    public static void AddAuditErasure(IServiceCollection services) =>
        services.TryAddSingleton<IAuditEraser>(sp => new AuditEraser(
            sp.GetRequiredService<AuditStore>(),
            sp.GetRequiredService<IAuditReader>(),
            sp.GetRequiredService<IAuditLog>(),
            sp.GetRequiredService<IAuditContextAccessor>(),
            sp.GetRequiredService<TimeProvider>()));
}
