namespace AuditKit;

/// <summary>
/// One stored event as the database stores read it (Dapper maps the columns aliased to these names; the fast
/// readers fill it by ordinal): the same shape for SQLite and PostgreSQL, turned into an event in one place.
/// </summary>
internal sealed class StoredEventRow
{
    public long Key { get; set; }
    public byte[] Id { get; set; } = [];
    public long Ts { get; set; }
    public string? TenantId { get; set; }
    public long Category { get; set; }
    public string Action { get; set; } = string.Empty;
    public long Outcome { get; set; }
    public long Risk { get; set; }
    public string? Message { get; set; }
    public string? ActorId { get; set; }
    public string? ActorName { get; set; }
    public string? ActorEmail { get; set; }
    public string? ActorRole { get; set; }
    public long? ActorKind { get; set; }
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

    /// <summary>The event; <paramref name="changesAreCanonical"/> is false when the store hands back re-formatted change JSON (PostgreSQL's jsonb), which is then parsed and written canonically again.</summary>
    public AuditEvent ToEvent(bool changesAreCanonical = true)
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
        if (changesAreCanonical)
        {
            e.SetStoredJson(Changes, Metadata);
        }
        else
        {
            e.SetStoredJson(null, Metadata);
            if (Changes is not null)
            {
                e.SetChanges(StoredJson.ReadChanges(Changes));
            }
        }
        e.Id = new Guid(Id, bigEndian: true);
        e.StreamId = AuditStreamKey.StreamOf(Key);
        e.Sequence = AuditStreamKey.SequenceOf(Key);
        e.SetHashes(PrevHash, Hash);
        e.SetSeals(PersonalSeals.FromJson(Seals));
        return e;
    }
}
