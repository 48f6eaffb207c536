using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AuditKit;

/// <summary>Registers <see cref="IAuditEraser"/> (sealing itself is turned on by <see cref="ErasureBuilderExtensions.AddErasure"/>).</summary>
internal static class ErasureRegistration
{
    public static void AddAuditErasure(IServiceCollection services) =>
        services.TryAddSingleton<IAuditEraser, AuditEraser>();
}
