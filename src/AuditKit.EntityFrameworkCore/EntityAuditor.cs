using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Options;

namespace AuditKit;

/// <summary>
/// Shared by one context's interceptors: resolves the options for an entity type, keeps each context's pending
/// work (<see cref="ContextAuditState"/>) and hands finished events to <see cref="IAuditLog"/>.
/// </summary>
internal sealed class EntityAuditor(IAuditLog log, IAuditContextAccessor accessor, IOptionsMonitor<EntityAuditOptions> monitor, ChangeDetectorOptions changeOptions, AuditOutbox? outbox = null, IAuditEventPolicy? policy = null)
{
    private readonly ConditionalWeakTable<DbContext, ContextAuditState> _states = new();
    private volatile bool _viewsNoted;

    public EntityAuditOptions Options => monitor.CurrentValue;

    /// <summary>
    /// Whether any query has noted a view yet: until then, closing a reader skips the per-context lookup (it runs
    /// for every command of every save).
    /// </summary>
    public bool ViewsNoted
    {
        get => _viewsNoted;
        set => _viewsNoted = value;
    }

    /// <summary>The outbox, when <see cref="EntityAuditOptions.Outbox"/> is on for this context's provider (else null).</summary>
    public AuditOutbox? OutboxFor(DbContext context, EntityAuditOptions options)
    {
        if (!options.Outbox)
        {
            return null;
        }

        AuditOutbox.EnsureSupported(context);
        return Outbox;
    }

    /// <summary>The outbox (whether or not it is turned on).</summary>
    /// <exception cref="InvalidOperationException">The registered <see cref="IAuditLog"/> is not AuditKit's own.</exception>
    public AuditOutbox Outbox => outbox ?? throw new InvalidOperationException(
        "The EF Core outbox needs AuditKit's own IAuditLog; the registered IAuditLog was replaced by another implementation.");

    public ContextAuditState State(DbContext context) => _states.GetValue(context, static _ => new ContextAuditState());

    public AuditedType Type(ITypeBase type) => AuditedType.For(type, changeOptions);

    public bool IsAudited(IEntityType type, EntityAuditOptions options)
    {
        if (type.IsOwned() || Type(type).Excluded || Rules(type, options)?.Excluded == true)
        {
            return false;
        }

        if (options.Included.Count == 0)
        {
            return true;
        }

        foreach (var included in options.Included)
        {
            if (included.IsAssignableFrom(type.ClrType))
            {
                return true;
            }
        }

        return false;
    }

    public EntityTypeRules? Rules(IEntityType type, EntityAuditOptions options)
    {
        if (options.Types.Count == 0 || type.HasSharedClrType)
        {
            return null;
        }

        for (var clr = type.ClrType; clr is not null && clr != typeof(object); clr = clr.BaseType)
        {
            if (options.Types.TryGetValue(clr, out var rules))
            {
                return rules;
            }
        }

        return null;
    }

    public string EntityName(IEntityType type, EntityAuditOptions options) =>
        Rules(type, options)?.Name ?? Type(type).AttributeName ?? Type(type).DefaultName;

    /// <summary>Whether views of the type are captured: the event policy's per-entity setting (read at run time) over the code's configuration.</summary>
    public bool LogsViews(IEntityType type, EntityAuditOptions options)
    {
        if (!IsAudited(type, options))
        {
            return false;
        }

        var configured = Rules(type, options)?.LogViews ?? Type(type).LogViews;
        return policy is null ? configured : policy.LogsViews(EntityName(type, options), configured);
    }

    public bool CapturesBulkRows(IEntityType type, EntityAuditOptions options) =>
        Rules(type, options)?.CaptureBulkRows ?? options.CaptureBulkRows;

    public string? RecordName(IEntityType type, object entity, EntityAuditOptions options)
    {
        if (type.HasSharedClrType)
        {
            return null;
        }

        if (Rules(type, options)?.RecordName is { } name)
        {
            return name(entity);
        }

        return Type(type).RecordNameGetter?.Invoke(entity)?.ToString();
    }

    public string RecordId(EntityEntry entry)
    {
        var key = Type(entry.Metadata).Key;
        if (key.Count == 0)
        {
            return "(keyless)";
        }

        var values = new string?[key.Count];
        for (var i = 0; i < key.Count; i++)
        {
            var property = entry.Property(key[i]);
            if (property.IsTemporary)
            {
                return "(new)";
            }

            values[i] = AuditValueText.Format(entry.State == EntityState.Deleted ? property.OriginalValue : property.CurrentValue);
        }

        return FormatKey(values);
    }

    /// <summary>A key as text: one value as is; a composite key's values joined by commas, in key order.</summary>
    public static string FormatKey(IReadOnlyList<string?> values) => values.Count == 1 ? values[0] ?? string.Empty : string.Join(",", values);

    /// <summary>Who, where and which tenant, taken when the work is done (it may be recorded later, at commit).</summary>
    public AmbientSnapshot Ambient(DbContext context, EntityAuditOptions options)
    {
        var current = accessor.Current;
        return new AmbientSnapshot(current?.Actor, current?.Client, options.TenantId?.Invoke(context) ?? current?.TenantId, current?.CorrelationId);
    }

    /// <summary>Records events for work that has committed: queued, or awaited until stored with <see cref="AuditDurability.Committed"/> on async paths.</summary>
    public async ValueTask RecordAsync(IReadOnlyList<AuditEvent> events, bool async, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }

        if (!async || Options.Durability != AuditDurability.Committed)
        {
            foreach (var e in events)
            {
                log.Record(e);
            }

            return;
        }

        var pending = new Task<AuditEvent>[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            pending[i] = log.RecordAsync(events[i], AuditDurability.Committed, cancellationToken).AsTask();
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
    }

    public void Record(AuditEvent e) => log.Record(e);
}

/// <summary>The ambient facts stamped on a context's events.</summary>
internal sealed record AmbientSnapshot(AuditActor? Actor, AuditClient? Client, string? TenantId, string? CorrelationId);
