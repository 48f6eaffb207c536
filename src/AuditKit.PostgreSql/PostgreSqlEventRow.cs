namespace AuditKit.PostgreSql;

/// <summary>One row of <c>audit_events</c> as Dapper reads it (columns aliased to these names).</summary>
internal sealed class PostgreSqlEventRow
{
    public const string Select =
        "SELECT e.key AS Key, e.id AS Id, e.ts AS Ts, e.tenant_id AS TenantId, e.category AS Category, e.action AS Action, e.outcome AS Outcome, e.risk AS Risk, " +
        "e.message AS Message, e.actor_id AS ActorId, e.actor_name AS ActorName, e.actor_email AS ActorEmail, e.actor_role AS ActorRole, e.actor_kind AS ActorKind, " +
        "e.client_ip AS ClientIp, e.client_location AS ClientLocation, e.client_user_agent AS ClientUserAgent, e.client_device AS ClientDevice, e.client_session AS ClientSession, " +
        "e.entity_type AS EntityType, e.record_id AS RecordId, e.record_name AS RecordName, e.module AS Module, e.component AS Component, " +
        "e.changes::text AS Changes, e.correlation_id AS CorrelationId, e.trace_id AS TraceId, e.metadata::text AS Metadata, e.prev_hash AS PrevHash, e.hash AS Hash, e.seals AS Seals " +
        "FROM audit_events e";

    public long Key { get; set; }
    public Guid Id { get; set; }
    public long Ts { get; set; }
    public string? TenantId { get; set; }
    public int Category { get; set; }
    public string Action { get; set; } = string.Empty;
    public int Outcome { get; set; }
    public int Risk { get; set; }
    public string? Message { get; set; }
    public string? ActorId { get; set; }
    public string? ActorName { get; set; }
    public string? ActorEmail { get; set; }
    public string? ActorRole { get; set; }
    public int? ActorKind { get; set; }
    public string? ClientIp { get; set; }
    public string? ClientLocation { get; set; }
    public string? ClientUserAgent { get; set; }
    public string? ClientDevice { get; set; }
    public string? ClientSession { get; set; }
    public string? EntityType { get; set; }
    public string? RecordId { get; set; }
    public string? RecordName { get; set; }
    public string? Module { get; set; }
    public string? Component { get; set; }
    public string? Changes { get; set; }
    public string? CorrelationId { get; set; }
    public string? TraceId { get; set; }
    public string? Metadata { get; set; }
    public byte[] PrevHash { get; set; } = [];
    public byte[] Hash { get; set; } = [];
    public string? Seals { get; set; }

    public AuditEvent ToEvent()
    {
        var e = new AuditEvent((AuditCategory)Category, Action)
        {
            Timestamp = AuditCursor.FromMicros(Ts),
            TenantId = TenantId,
            Outcome = (AuditOutcome)Outcome,
            Risk = (RiskLevel)Risk,
            Message = Message,
            Actor = ActorKind is { } kind ? new AuditActor(ActorId, ActorName, ActorEmail, ActorRole, (AuditKit.ActorKind)kind) : null,
            Client = ClientIp is null && ClientLocation is null && ClientUserAgent is null && ClientDevice is null && ClientSession is null
                ? null
                : new AuditClient(ClientIp, ClientLocation, ClientUserAgent, ClientDevice, ClientSession),
            Target = EntityType is null && RecordId is null && RecordName is null && Module is null && Component is null
                ? null
                : new AuditTarget(EntityType, RecordId, RecordName, Module, Component),
            CorrelationId = CorrelationId,
            TraceId = TraceId,
        };

        // metadata (json) comes back byte for byte and is hashed as stored; changes (jsonb) come back re-formatted
        // by the server, so they are parsed and written canonically again (they hold strings only).
        e.SetStoredJson(null, Metadata);
        if (Changes is not null)
        {
            e.SetChanges(StoredJson.ReadChanges(Changes));
        }

        e.Id = Id;
        e.StreamId = AuditStreamKey.StreamOf(Key);
        e.Sequence = AuditStreamKey.SequenceOf(Key);
        e.SetHashes(PrevHash, Hash);
        e.SetSeals(PersonalSeals.FromJson(Seals));
        return e;
    }
}
