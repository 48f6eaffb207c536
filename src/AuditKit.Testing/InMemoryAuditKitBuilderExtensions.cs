using AuditKit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AuditKit;

/// <summary>Adds the in-memory store to AuditKit, for tests.</summary>
public static class InMemoryAuditKitBuilderExtensions
{
    /// <summary>Keeps the audit log in memory (for unit tests of host applications). Pass a store to inspect it afterwards.</summary>
    public static IAuditKitBuilder UseInMemory(this IAuditKitBuilder builder, InMemoryAuditStore? store = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var instance = store ?? new InMemoryAuditStore();
        builder.UseStore("memory", _ => instance);

        // An in-memory log has nothing to replay into after a restart: its journals go to a folder of its own.
        builder.Services.PostConfigure<AuditKitOptions>(o => o.JournalDirectory ??= instance.JournalDirectory);
        return builder;
    }
}
