using Microsoft.Extensions.Hosting;

namespace AuditKit;

/// <summary>Runs the singleton <see cref="AuditWriter"/> with the host (a distinct type so TryAddEnumerable keeps one registration).</summary>
internal sealed class AuditWriterHostedService(AuditWriter writer) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => writer.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => writer.StopAsync(cancellationToken);
}
