using Microsoft.Extensions.DependencyInjection;

namespace AuditKit;

internal sealed class AuditKitBuilder(IServiceCollection services) : IAuditKitBuilder
{
    public IServiceCollection Services { get; } = services;
}
