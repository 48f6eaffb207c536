using AuditKit.Testing;

namespace AuditKit;

/// <summary>Adds the in-memory store to AuditKit, for tests.</summary>
public static class InMemoryAuditKitBuilderExtensions
{
    /// <summary>Keeps the audit log in memory (for unit tests of host applications). Pass a store to inspect it afterwards.</summary>
    public static IAuditKitBuilder UseInMemory(this IAuditKitBuilder builder, InMemoryAuditStore? store = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var instance = store ?? new InMemoryAuditStore();
        return builder.UseStore("memory", _ => instance);
    }
}
