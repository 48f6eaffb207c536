namespace AuditKit;

/// <summary>
/// The ambient facts that every event recorded inside a scope inherits: who, from where, which tenant,
/// which operation. Values set explicitly on an event win over the context.
/// </summary>
/// <param name="Actor">The acting user or system.</param>
/// <param name="Client">The client endpoint and device.</param>
/// <param name="TenantId">The tenant.</param>
/// <param name="CorrelationId">Links the events caused by one operation or request.</param>
public sealed record AuditContext(
    AuditActor? Actor = null,
    AuditClient? Client = null,
    string? TenantId = null,
    string? CorrelationId = null);
