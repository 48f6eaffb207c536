using Microsoft.Extensions.DependencyInjection;

namespace AuditKit;

/// <summary>Turns on signed checkpoints (<see cref="CheckpointOptions"/>).</summary>
public static class CheckpointBuilderExtensions
{
    /// <summary>
    /// Makes the writer cut signed checkpoints (Merkle root of the events since the previous one, and the
    /// chain head) so that the log can be verified against a key the store does not hold; see docs/integrity.md.
    /// </summary>
    /// <param name="builder">The AuditKit builder.</param>
    /// <param name="configure">Sets the signer and how often a checkpoint is cut.</param>
    /// <returns>The builder.</returns>
    public static IAuditKitBuilder AddCheckpoints(this IAuditKitBuilder builder, Action<CheckpointOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        builder.Services.AddOptions<CheckpointOptions>().Validate(o => o.Signer is not null && o.EveryEvents > 0 && o.Every > TimeSpan.Zero,
            "CheckpointOptions needs a Signer (EcdsaCheckpointSigner or HmacCheckpointSigner), a positive EveryEvents and a positive Every.").ValidateOnStart();
        return builder;
    }
}
