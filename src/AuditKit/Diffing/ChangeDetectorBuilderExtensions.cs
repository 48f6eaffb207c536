using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AuditKit;

/// <summary>Configures field-level change detection (<see cref="IChangeDetector"/>).</summary>
public static class ChangeDetectorBuilderExtensions
{
    /// <summary>Configures how field-level changes are detected and shown (<see cref="IChangeDetector"/>).</summary>
    /// <param name="builder">The AuditKit builder.</param>
    /// <param name="configure">Changes <see cref="ChangeDetectorOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static IAuditKitBuilder ConfigureChanges(this IAuditKitBuilder builder, Action<ChangeDetectorOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        return builder;
    }

    internal static void AddChangeDetector(IServiceCollection services) =>
        services.TryAddSingleton<IChangeDetector>(sp => new ChangeDetector(sp.GetRequiredService<IOptions<ChangeDetectorOptions>>().Value));
}
