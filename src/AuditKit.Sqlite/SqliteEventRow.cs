namespace AuditKit.Sqlite;

/// <summary>The SELECT that reads <c>audit_events</c> rows into <see cref="StoredEventRow"/> (columns aliased to its names).</summary>
internal static class SqliteEventRow
{
    public const string Select =
        "SELECT e.key AS Key, e.id AS Id, e.ts AS Ts, e.tenant_id AS TenantId, e.category AS Category, e.action AS Action, e.outcome AS Outcome, e.risk AS Risk, " +
        "e.message AS Message, e.actor_id AS ActorId, e.actor_name AS ActorName, e.actor_email AS ActorEmail, e.actor_role AS ActorRole, e.actor_kind AS ActorKind, " +
        "e.client_ip AS ClientIp, e.client_location AS ClientLocation, e.client_user_agent AS ClientUserAgent, e.client_device AS ClientDevice, e.client_session AS ClientSession, " +
        "e.entity_type AS EntityType, e.record_id AS RecordId, e.record_name AS RecordName, e.module AS Module, e.component AS Component, " +
        "e.changes AS Changes, e.correlation_id AS CorrelationId, e.trace_id AS TraceId, e.metadata AS Metadata, e.prev_hash AS PrevHash, e.hash AS Hash, e.seals AS Seals " +
        "FROM audit_events e";
}
