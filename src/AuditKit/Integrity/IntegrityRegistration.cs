using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AuditKit;

/// <summary>Registers the checkpointer the writer drives and the host's <see cref="IAuditVerifier"/>.</summary>
internal static class IntegrityRegistration
{
    public static void AddAuditIntegrity(IServiceCollection services)
    {
        services.TryAddSingleton(sp => new Checkpointer(
            sp.GetRequiredService<AuditStore>(),
            sp.GetRequiredService<IOptions<CheckpointOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<Checkpointer>()));
        services.TryAddSingleton<IAuditVerifier>(sp =>
        {
            // The host's verifier holds the store against what the writer publishes outside it.
            var checkpoints = sp.GetRequiredService<IOptions<CheckpointOptions>>().Value;
            return new AuditVerifier(sp.GetRequiredService<AuditStore>(), sp.GetRequiredService<TimeProvider>(), new AuditVerifierOptions
            {
                HeadDirectory = checkpoints.PublishHeads ? checkpoints.HeadDirectory : null,
                CheckpointDirectory = checkpoints.Publisher is null ? checkpoints.PublishDirectory : null,
            });
        });
    }
}
