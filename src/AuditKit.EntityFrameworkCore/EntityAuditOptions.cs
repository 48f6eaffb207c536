using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace AuditKit;

/// <summary>
/// What the EF Core interceptors record. Configure with <c>audit.AddEntityFramework(o => ...)</c>; the interceptors
/// read the current value (<c>IOptionsMonitor</c>) on every save and query, so changes made at run time apply at once.
/// Property rules (ignore, mask, personal, display names, formats) come from <c>audit.ConfigureChanges(...)</c> and the
/// <see cref="AuditIgnoreAttribute"/> family of attributes, as for <see cref="IChangeDetector"/>.
/// </summary>
public sealed class EntityAuditOptions
{
    internal Dictionary<Type, EntityTypeRules> Types { get; } = [];

    internal List<(Type Type, string Property)> SoftDeletes { get; } = [];

    internal HashSet<Type> Included { get; } = [];

    /// <summary>Records a failed <c>SaveChanges</c> as Failure events (what was attempted, the error). Default true.</summary>
    public bool RecordFailures { get; set; } = true;

    /// <summary>
    /// How long a save waits for its audit events: <see cref="AuditDurability.Enqueued"/> (default) returns once they
    /// are queued; <see cref="AuditDurability.Committed"/> waits until they are in the audit store (async saves only).
    /// </summary>
    public AuditDurability Durability { get; set; } = AuditDurability.Enqueued;

    /// <summary>
    /// For <c>ExecuteUpdate</c>/<c>ExecuteDelete</c>, also read the affected rows' values inside the statement's
    /// transaction before it runs (and, for updates, after) and record each row's before/after values. Default false:
    /// the bulk event (entity type, predicate, row count) and one event per affected key without values, whose
    /// <see cref="AuditMetadata.UnknownFields"/> names the fields an update set. Per entity:
    /// <see cref="EntityTypeAuditOptions{T}.CaptureBulkRows"/>.
    /// </summary>
    public bool CaptureBulkRows { get; set; }

    /// <summary>
    /// Registers the command and materialization interceptors that capture <c>ExecuteUpdate</c>/<c>ExecuteDelete</c> and
    /// views. Default true. With false, bulk statements and views are <b>not</b> recorded, and every SQL command of the
    /// application is spared EF Core's interception overhead (~3 µs a command measured on SQLite). Read once, at start.
    /// </summary>
    public bool InterceptCommands { get; set; } = true;

    /// <summary>
    /// Atomic capture through an outbox table in the business database (SQLite and PostgreSQL): a save's events are
    /// prepared (id, time, checks, seals) and inserted into <c>auditkit_outbox</c> inside the save's own transaction,
    /// just before it commits, so a business change never commits without its audit events, even if the process dies
    /// right after the commit. After the commit they are queued to the audit log as usual; rows whose events are
    /// stored are deleted by the next save in that database, and <see cref="IAuditOutboxRelay"/> replays rows a dead
    /// process left behind. Default false. A save then always runs in a transaction, the outbox insert adds to every
    /// business transaction, and an event that fails AuditKit's checks fails the commit. See docs/entity-framework.md.
    /// </summary>
    public bool Outbox { get; set; }

    /// <summary>
    /// Outbox rows younger than this are left to the process that wrote them (it is still queueing them) when
    /// <see cref="IAuditOutboxRelay.RelayAsync"/> runs. Default 1 minute.
    /// </summary>
    public TimeSpan OutboxRelayAge { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// At most this many rows' keys (or values, with <see cref="CaptureBulkRows"/>) are read for one bulk statement.
    /// Beyond it no per-record event is recorded: the bulk event says so (<c>keys_captured</c> false, the reason, risk
    /// Medium) and the records' histories do not show the change. Default 1,000.
    /// </summary>
    public int MaxBulkRows { get; set; } = 1_000;

    /// <summary>At most this many record ids are listed in one View event (the count is always exact). Default 1,000.</summary>
    public int MaxViewIds { get; set; } = 1_000;

    /// <summary>The tenant of a context, for hosts whose DbContext knows it (<c>ctx => ((ErpDbContext)ctx).TenantId</c>); else the ambient <see cref="AuditContext"/>'s.</summary>
    public Func<DbContext, string?>? TenantId { get; set; }

    /// <summary>Audits only the given entity types (and types derived from them) once called; by default every entity type is audited.</summary>
    public EntityAuditOptions Include<T>()
        where T : class
    {
        Included.Add(typeof(T));
        return this;
    }

    /// <summary>Never audits this entity type (like <see cref="AuditExcludeAttribute"/>).</summary>
    public EntityAuditOptions Exclude<T>()
        where T : class => Entity<T>(e => e.Exclude());

    /// <summary>Configures one entity type.</summary>
    public EntityAuditOptions Entity<T>(Action<EntityTypeAuditOptions<T>> configure)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(new EntityTypeAuditOptions<T>(Rules(typeof(T))));
        return this;
    }

    /// <summary>
    /// Recognises soft deletes: an update that turns <paramref name="isDeleted"/> from false to true is recorded as a
    /// Delete (with the record's final values). <typeparamref name="T"/> may be a base class or an interface.
    /// </summary>
    /// <exception cref="ArgumentException">The expression does not select a bool property of <typeparamref name="T"/>.</exception>
    public EntityAuditOptions SoftDelete<T>(Expression<Func<T, bool>> isDeleted)
        where T : class
    {
        SoftDeletes.Add((typeof(T), PropertyName(isDeleted)));
        return this;
    }

    internal EntityTypeRules Rules(Type type)
    {
        if (!Types.TryGetValue(type, out var rules))
        {
            Types[type] = rules = new EntityTypeRules();
        }

        return rules;
    }

    internal static string PropertyName(LambdaExpression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var body = expression.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : expression.Body;
        return body is MemberExpression { Member: PropertyInfo or FieldInfo } access && access.Expression is ParameterExpression
            ? access.Member.Name
            : throw new ArgumentException($"'{expression}' must select a property directly (x => x.IsDeleted).", nameof(expression));
    }
}

/// <summary>How one entity type is audited.</summary>
/// <typeparam name="T">The entity type.</typeparam>
public sealed class EntityTypeAuditOptions<T>
    where T : class
{
    private readonly EntityTypeRules _rules;

    internal EntityTypeAuditOptions(EntityTypeRules rules) => _rules = rules;

    /// <summary>The entity type's name in the log (like <see cref="AuditEntityNameAttribute"/>).</summary>
    public EntityTypeAuditOptions<T> Name(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _rules.Name = name;
        return this;
    }

    /// <summary>How a record is named in the log (like <see cref="AuditRecordNameAttribute"/>).</summary>
    public EntityTypeAuditOptions<T> RecordName(Func<T, string?> name)
    {
        ArgumentNullException.ThrowIfNull(name);
        _rules.RecordName = o => name((T)o);
        return this;
    }

    /// <summary>Logs reads of this entity type as View events, one per query (like <see cref="AuditViewsAttribute"/>).</summary>
    public EntityTypeAuditOptions<T> LogViews(bool enabled = true)
    {
        _rules.LogViews = enabled;
        return this;
    }

    /// <summary>Per-row before/after values for bulk statements on this type (overrides <see cref="EntityAuditOptions.CaptureBulkRows"/>).</summary>
    public EntityTypeAuditOptions<T> CaptureBulkRows(bool enabled = true)
    {
        _rules.CaptureBulkRows = enabled;
        return this;
    }

    /// <summary>Never audits this entity type.</summary>
    public EntityTypeAuditOptions<T> Exclude()
    {
        _rules.Excluded = true;
        return this;
    }
}

internal sealed class EntityTypeRules
{
    public string? Name { get; set; }

    public Func<object, string?>? RecordName { get; set; }

    public bool? LogViews { get; set; }

    public bool? CaptureBulkRows { get; set; }

    public bool Excluded { get; set; }
}
