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
    /// Makes the writer cut signed checkpoints (Merkle root of the events since the previous one, and the
    /// chain head) so that the log can be verified against a key the store does not hold; see docs/integrity.md.
    /// </summary>
    public static IAuditKitBuilder AddCheckpoints(this IAuditKitBuilder builder, Action<CheckpointOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        builder.Services.AddOptions<CheckpointOptions>().Validate(o => o.Signer is not null && o.EveryEvents > 0 && o.Every > TimeSpan.Zero,
            "CheckpointOptions needs a Signer (EcdsaCheckpointSigner or HmacCheckpointSigner), a positive EveryEvents and a positive Every.").ValidateOnStart();
        return builder;
    }

    /// <summary>
    /// Seals personal fields (<see cref="PersonalFields.All"/> unless <paramref name="configure"/> narrows them): each
    /// value gets a random salt and the hash covers SHA-256(salt ‖ value), so <see cref="IAuditEraser"/> can later erase
    /// the value and its salt while the chain, checkpoints and proofs stay valid. Applies to events recorded from then on.
    /// </summary>
    /// <param name="builder">The AuditKit builder.</param>
    /// <param name="configure">Narrows <see cref="ErasureOptions.Fields"/>.</param>
    /// <returns>The builder.</returns>
    public static IAuditKitBuilder AddErasure(this IAuditKitBuilder builder, Action<ErasureOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<ErasureOptions>(o =>
        {
            o.Fields = PersonalFields.All;
            configure?.Invoke(o);
        });
        return builder;
    }

    /// <summary>Configures how field-level changes are detected and shown (<see cref="IChangeDetector"/>).</summary>
    public static IAuditKitBuilder ConfigureChanges(this IAuditKitBuilder builder, Action<ChangeDetectorOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
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
