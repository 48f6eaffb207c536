using Microsoft.Extensions.DependencyInjection;

namespace AuditKit;

/// <summary>Configures AuditKit; returned by <c>services.AddAuditKit()</c>. Providers and features add extension methods to it.</summary>
public interface IAuditKitBuilder
{
    /// <summary>The service collection AuditKit registers into.</summary>
    IServiceCollection Services { get; }
}
