namespace AuditKit.Providers;

/// <summary>
/// One stored event as the database stores read it (Dapper maps the columns aliased to these names; the fast
/// readers fill it by ordinal): the same shape for SQLite and PostgreSQL, turned into an event in one place.
/// </summary>
public sealed class StoredEventRow
{
    /// <summary>The stream position (<see cref="AuditStreamKey.Pack"/>).</summary>
    public long Key { get; set; }
    /// <summary>The event id, 16 bytes in RFC 9562 (big-endian) order.</summary>
    public byte[] Id { get; set; } = [];
    /// <summary>The timestamp in Unix microseconds.</summary>
    public long Ts { get; set; }
    /// <summary>The tenant id.</summary>
    public string? TenantId { get; set; }
    /// <summary>The <see cref="AuditCategory"/> number.</summary>
    public long Category { get; set; }
    /// <summary>The action.</summary>
    public string Action { get; set; } = string.Empty;
    /// <summary>The <see cref="AuditOutcome"/> number.</summary>
    public long Outcome { get; set; }
    /// <summary>The <see cref="RiskLevel"/> number.</summary>
    public long Risk { get; set; }
    /// <summary>The message.</summary>
    public string? Message { get; set; }
    /// <summary>The actor's id.</summary>
    public string? ActorId { get; set; }
    /// <summary>The actor's name.</summary>
    public string? ActorName { get; set; }
    /// <summary>The actor's e-mail.</summary>
    public string? ActorEmail { get; set; }
    /// <summary>The actor's role.</summary>
    public string? ActorRole { get; set; }
    /// <summary>The <see cref="AuditKit.ActorKind"/> number, null when the event has no actor.</summary>
    public long? ActorKind { get; set; }
    /// <summary>The client IP.</summary>
    public string? ClientIp { get; set; }
    /// <summary>The client location.</summary>
    public string? ClientLocation { get; set; }
    /// <summary>The client user agent.</summary>
    public string? ClientUserAgent { get; set; }
    /// <summary>The client device.</summary>
    public string? ClientDevice { get; set; }
    /// <summary>The client session id.</summary>
    public string? ClientSession { get; set; }
    /// <summary>The target entity type.</summary>
    public string? EntityType { get; set; }
    /// <summary>The target record id.</summary>
    public string? RecordId { get; set; }
    /// <summary>The target record name.</summary>
    public string? RecordName { get; set; }
    /// <summary>The target module.</summary>
    public string? Module { get; set; }
    /// <summary>The target component.</summary>
    public string? Component { get; set; }
    /// <summary>The changes as stored (<see cref="StoredJson.WriteChanges"/>).</summary>
    public string? Changes { get; set; }
    /// <summary>The correlation id.</summary>
    public string? CorrelationId { get; set; }
    /// <summary>The trace id.</summary>
    public string? TraceId { get; set; }
    /// <summary>The metadata as stored (<see cref="StoredJson.WriteMetadata"/>).</summary>
    public string? Metadata { get; set; }
    /// <summary>The previous hash (32 bytes).</summary>
    public byte[] PrevHash { get; set; } = [];
    /// <summary>The hash (32 bytes).</summary>
    public byte[] Hash { get; set; } = [];
    /// <summary>The seals JSON (<see cref="AuditStoredForm.GetSealsJson"/>).</summary>
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
