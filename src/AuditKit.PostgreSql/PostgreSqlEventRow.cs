namespace AuditKit.PostgreSql;

/// <summary>
/// The SELECT that reads <c>audit_events</c> rows into <see cref="StoredEventRow"/>, cast to the shape SQLite gives
/// (the id as its 16 big-endian bytes, enums as bigint). Changes come back as jsonb text: read them with
/// <c>ToEvent(changesAreCanonical: false)</c>.
/// </summary>
internal static class PostgreSqlEventRow
{
    public const string Select =
        "SELECT e.key AS Key, uuid_send(e.id) AS Id, e.ts AS Ts, e.tenant_id AS TenantId, e.category::bigint AS Category, e.action AS Action, e.outcome::bigint AS Outcome, e.risk::bigint AS Risk, " +
        "e.message AS Message, e.actor_id AS ActorId, e.actor_name AS ActorName, e.actor_email AS ActorEmail, e.actor_role AS ActorRole, e.actor_kind::bigint AS ActorKind, " +
        "e.client_ip AS ClientIp, e.client_location AS ClientLocation, e.client_user_agent AS ClientUserAgent, e.client_device AS ClientDevice, e.client_session AS ClientSession, " +
        "e.entity_type AS EntityType, e.record_id AS RecordId, e.record_name AS RecordName, e.module AS Module, e.component AS Component, " +
        "e.changes::text AS Changes, e.correlation_id AS CorrelationId, e.trace_id AS TraceId, e.metadata::text AS Metadata, e.prev_hash AS PrevHash, e.hash AS Hash, e.seals AS Seals " +
        "FROM audit_events e";
}
