namespace AuditKit.AspNetCore;

/// <summary>Options of the audit HTTP API mapped by <c>app.MapAuditKit(prefix)</c>.</summary>
public sealed class AuditApiOptions
{
    /// <summary>
    /// The host's authorization policy required by every read endpoint, or <see langword="null"/> for the host's default
    /// policy (any authenticated user). Anonymous callers always get 401.
    /// </summary>
    public string? ReadPolicy { get; set; }

    /// <summary>
    /// The host's authorization policy required to change settings (event configuration); required in addition to
    /// <see cref="ReadPolicy"/>. Callers without it get 403. Settings are store-wide (not per tenant), so grant it only to
    /// people who administer the whole application. Default <c>AuditAdministrators</c>.
    /// </summary>
    public string AdminPolicy { get; set; } = "AuditAdministrators";

    /// <summary>
    /// The host's authorization policy whose holders may save store-wide settings (the retention policies, global to the
    /// store) while signed in with a tenant: their save runs outside the tenant's scope. Required in addition to
    /// <see cref="AdminPolicy"/>; everything else they do, every read included, stays scoped to their tenant. Without it
    /// (<see langword="null"/>, the default) only callers without a tenant save store-wide settings, which in a
    /// multi-tenant host is nobody (403). Grant it only to people who administer the whole application.
    /// </summary>
    public string? StoreWideAdminPolicy { get; set; }

    /// <summary>
    /// Whether every read through the API is itself recorded (category <see cref="AuditCategory.DataAccess"/>, action
    /// <c>AuditLogRead</c>: who read which screen with which filters). Default true.
    /// </summary>
    public bool AuditReads { get; set; } = true;

    /// <summary>The storage capacity shown on the dashboard ("2.3 GB of 50 GB"), if any.</summary>
    public long? StorageCapacityBytes { get; set; }

    /// <summary>The event limit of one list (recent events on the insight screens, related events). Default 100.</summary>
    public int MaxRecent { get; set; } = 100;

    /// <summary>
    /// How often the host's components send heartbeats (<c>AuditEvents.Heartbeat</c>): the System Health of
    /// <c>GET /system</c> and of the system screen expects one heartbeat per interval (uptime; a component is up when its
    /// last heartbeat is at most two intervals old) unless the request names <c>heartbeatSeconds</c>. Whole seconds,
    /// from one second to one hour. Default one minute.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Whether <c>MapAuditKit(prefix)</c> also serves the embedded audit screens at the prefix (<c>/audit/</c>): dashboard,
    /// log viewer with live mode, entry detail, record history, user activity, security and system events, event
    /// configuration. Same read policy and tenant scope as the API; a strict Content-Security-Policy. Default false.
    /// </summary>
    public bool ServeUi { get; set; }
}
