using Microsoft.Extensions.DependencyInjection;

namespace AuditKit;

/// <summary>Turns on sealing of personal fields, so they can be erased later (<see cref="IAuditEraser"/>).</summary>
public static class ErasureBuilderExtensions
{
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
}
