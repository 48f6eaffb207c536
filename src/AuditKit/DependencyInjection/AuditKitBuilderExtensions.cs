using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AuditKit;

/// <summary>Configuration methods of <see cref="IAuditKitBuilder"/>.</summary>
public static class AuditKitBuilderExtensions
{
    /// <summary>Configures <see cref="AuditKitOptions"/>.</summary>
    public static IAuditKitBuilder Configure(this IAuditKitBuilder builder, Action<AuditKitOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>Binds <see cref="AuditKitOptions"/> from a configuration section (for example <c>configuration.GetSection("AuditKit")</c>).</summary>
    public static IAuditKitBuilder Configure(this IAuditKitBuilder builder, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        builder.Services.Configure<AuditKitOptions>(section);
        return builder;
    }

    /// <summary>
    /// Registers the store every AuditKit component uses. Store packages call this from their own
    /// <c>Use…</c> method; the last store registered wins.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="providerName">The provider's name, for diagnostics.</param>
    /// <param name="factory">Creates the store once, as a singleton.</param>
    public static IAuditKitBuilder UseStore(this IAuditKitBuilder builder, string providerName, Func<IServiceProvider, AuditStore> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(providerName);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.Replace(ServiceDescriptor.Singleton(factory));
        builder.Services.Configure<AuditKitOptions>(o =>
        {
            o.StoreProvider = providerName;
            o.JournalScope = null; // a scope belongs to the store that set it after this call
        });
        return builder;
    }
}
