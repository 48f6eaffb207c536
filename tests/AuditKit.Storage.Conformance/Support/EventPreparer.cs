using Microsoft.Extensions.DependencyInjection;

namespace AuditKit.Storage.Conformance.Support;

/// <summary>
/// Prepares events exactly as <see cref="IAuditLog.RecordAsync"/> does before queueing them (id, time, policy checks,
/// sealed personal values), through AuditKit's public <see cref="IPreparedAuditLog"/>: the suite needs no internals.
/// </summary>
public static class EventPreparer
{
    private static readonly Lazy<IPreparedAuditLog> Plain = new(() => Create(seal: false));
    private static readonly Lazy<IPreparedAuditLog> Sealing = new(() => Create(seal: true));

    /// <summary>Prepares <paramref name="auditEvent"/> in place and returns it; <paramref name="seal"/> seals its personal values (as with <c>AddErasure()</c>).</summary>
    public static AuditEvent Prepare(AuditEvent auditEvent, bool seal = false)
    {
        (seal ? Sealing : Plain).Value.Prepare(auditEvent);
        return auditEvent;
    }

    private static IPreparedAuditLog Create(bool seal)
    {
        var journal = Path.Combine(Path.GetTempPath(), "auditkit-conformance-journal-" + Guid.NewGuid().ToString("N"));
        var services = new ServiceCollection();
        services.AddAuditKit(audit =>
            {
                audit.UseStore("conformance-preparer", _ => throw new InvalidOperationException("The preparer writes nothing."))
                    .Configure(o => o.JournalDirectory = journal);
                if (seal)
                {
                    audit.AddErasure();
                }
            });
        var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IAuditLog>() as IPreparedAuditLog
            ?? throw new InvalidOperationException("AuditKit's IAuditLog implements IPreparedAuditLog.");
    }
}
