using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace AuditKit;

/// <summary>
/// One SaveChanges: updates and deletes are captured before the save (their original values are gone after it);
/// creates and new many-to-many links after it, when store-generated keys are known.
/// </summary>
internal sealed class SaveCapture
{
    private readonly EntityAuditor _auditor;
    private readonly EntityAuditOptions _options;
    private readonly List<AuditEvent> _events = [];
    private readonly List<EntityEntry> _added = [];
    private readonly List<EntityEntry> _addedLinks = [];
    private readonly Dictionary<(string Entity, string Id), List<FieldChange>> _links = [];
    private readonly List<EntityEntry> _addedItems = [];
    private readonly Dictionary<(string Entity, string Id), List<FieldChange>> _items = [];

    private SaveCapture(EntityAuditor auditor, DbContext context, bool deferred)
    {
        _auditor = auditor;
        _options = auditor.Options;
        Ambient = auditor.Ambient(context, _options);
        Deferred = deferred;
    }

    public AmbientSnapshot Ambient { get; }

    /// <summary>A transaction of the caller's is open: the events wait for its commit.</summary>
    public bool Deferred { get; }

    /// <summary>The events went into the outbox inside the save's own transaction and were queued at its commit.</summary>
    public bool Staged { get; set; }

    public static SaveCapture Begin(EntityAuditor auditor, DbContext context, bool deferred)
    {
        var capture = new SaveCapture(auditor, context, deferred);
        var joins = JoinTypes.Of(context.Model);
        foreach (var entry in context.ChangeTracker.Entries())
        {
            var type = entry.Metadata;
            if (type.IsOwned())
            {
                // Owned references are recorded as part of their owner's entry; owned collection items here,
                // as changes of their owner (added items once their keys are known, after the save).
                if (OwnedItem.Of(type) is { } item && auditor.IsAudited(item.Owner, capture._options))
                {
                    switch (entry.State)
                    {
                        case EntityState.Added:
                            capture._addedItems.Add(entry);
                            break;
                        case EntityState.Deleted:
                        case EntityState.Modified:
                            capture.Item(entry, item, entry.State, capture._items);
                            break;
                    }
                }

                continue;
            }

            if (joins.TryGetValue(type, out var skip))
            {
                if (entry.State == EntityState.Added)
                {
                    capture._addedLinks.Add(entry);
                }
                else if (entry.State == EntityState.Deleted)
                {
                    capture.Link(entry, skip, linked: false, capture._links);
                }

                continue;
            }

            if (!auditor.IsAudited(type, capture._options))
            {
                continue;
            }

            switch (entry.State)
            {
                case EntityState.Added:
                    capture._added.Add(entry);
                    break;
                case EntityState.Deleted:
                    capture._events.Add(capture.Build(entry, AuditActions.Delete, Values(auditor, entry, FieldChangeKind.Removed)));
                    break;
                case EntityState.Modified:
                case EntityState.Unchanged:
                    if (capture.Update(entry) is { } update)
                    {
                        capture._events.Add(update);
                    }

                    break;
            }
        }

        return capture;
    }

    /// <summary>The save committed (or is waiting for the caller's commit): every event, creates included.</summary>
    public List<AuditEvent> Complete() => Finish(outcome: null);

    /// <summary>The save failed: what was attempted, as Failure events naming the error.</summary>
    public List<AuditEvent> Fail(Exception error) => Finish(error);

    private List<AuditEvent> Finish(Exception? outcome)
    {
        var events = new List<AuditEvent>(_events.Count + _added.Count);
        foreach (var entry in _added)
        {
            events.Add(Build(entry, AuditActions.Create, Values(_auditor, entry, FieldChangeKind.Added)));
        }

        events.AddRange(_events);

        // Into copies: Finish can run twice (staged into the outbox, then the commit failed), and each run reads the
        // keys as they are then.
        var links = Copy(_links);
        foreach (var entry in _addedLinks)
        {
            Link(entry, JoinTypes.Of(entry.Context.Model)[entry.Metadata], linked: true, links);
        }

        var items = Copy(_items);
        foreach (var entry in _addedItems)
        {
            Item(entry, OwnedItem.Of(entry.Metadata)!, EntityState.Added, items); // after the save it reads Unchanged
        }

        Merge(events, links, "links changed", AuditActions.Update);
        Merge(events, items, "owned items changed", null);

        if (outcome is null)
        {
            return events;
        }

        var message = $"Save failed: {outcome.GetType().Name}: {outcome.GetBaseException().Message}";
        return [.. events.Select(e => e with { Outcome = AuditOutcome.Failure, Risk = RiskLevel.Medium, Message = message })];
    }

    // Changes that belong to another record's event (many-to-many links, owned collection items): added to it,
    // or recorded as an Update of that record when the save has no event for it.
    private void Merge(List<AuditEvent> events, Dictionary<(string Entity, string Id), List<FieldChange>> related, string what, string? action)
    {
        foreach (var ((entity, id), changes) in related)
        {
            var index = events.FindIndex(e => e.Target?.EntityType == entity && e.Target.RecordId == id && (action is null || e.Action == action));
            if (index >= 0)
            {
                events[index] = events[index] with { Changes = [.. events[index].Changes, .. changes] };
            }
            else
            {
                events.Add(Stamp(new AuditEvent(AuditCategory.RecordChange, AuditActions.Update)
                {
                    Target = new AuditTarget(entity, id),
                    Changes = changes,
                    Message = $"{entity} {what}",
                }));
            }
        }
    }

    private static Dictionary<(string Entity, string Id), List<FieldChange>> Copy(Dictionary<(string Entity, string Id), List<FieldChange>> related) =>
        related.ToDictionary(p => p.Key, p => new List<FieldChange>(p.Value));

    private static List<FieldChange> Related(Dictionary<(string Entity, string Id), List<FieldChange>> related, (string Entity, string Id) key)
    {
        ref var changes = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(related, key, out _);
        return changes ??= [];
    }

    // An item of an owned collection: its fields as "Navigation[itemKey].Field" on the owner.
    private void Item(EntityEntry entry, OwnedItem item, EntityState state, Dictionary<(string Entity, string Id), List<FieldChange>> related)
    {
        var deleted = state == EntityState.Deleted;

        // An owner whose store-generated key is not known (its save failed) is "(new)", as its own event says.
        var owner = item.OwnerKey.Any(p => entry.Property(p).IsTemporary) ? "(new)" : KeyOf(entry, item.OwnerKey, original: deleted);
        var prefix = $"{item.Navigation.Name}[{KeyOf(entry, item.ItemKey, original: deleted)}].";
        var changes = new List<FieldChange>();
        switch (state)
        {
            case EntityState.Added:
                AddValues(_auditor, entry, prefix, FieldChangeKind.Added, current: true, changes);
                break;
            case EntityState.Deleted:
                AddValues(_auditor, entry, prefix, FieldChangeKind.Removed, current: false, changes);
                break;
            default:
                Modified(_auditor, entry, prefix, changes);
                break;
        }

        if (changes.Count == 0)
        {
            return;
        }

        Related(related, (_auditor.EntityName(item.Owner, _options), owner)).AddRange(changes);
    }

    private AuditEvent? Update(EntityEntry entry)
    {
        var type = _auditor.Type(entry.Metadata);
        if (entry.State == EntityState.Unchanged && type.OwnedReferences.Count == 0)
        {
            return null;
        }

        var changes = new List<FieldChange>();
        Modified(_auditor, entry, string.Empty, changes);
        if (changes.Count == 0)
        {
            return null;
        }

        foreach (var (softType, property) in _options.SoftDeletes)
        {
            if (softType.IsAssignableFrom(entry.Metadata.ClrType)
                && entry.Metadata.FindProperty(property) is { } flag
                && entry.Property(flag) is { OriginalValue: false, CurrentValue: true })
            {
                return Build(entry, AuditActions.Delete, Values(_auditor, entry, FieldChangeKind.Removed, current: true), message: "Soft delete");
            }
        }

        return Build(entry, AuditActions.Update, changes);
    }

    private AuditEvent Build(EntityEntry entry, string action, List<FieldChange> changes, string? message = null) =>
        new(AuditCategory.RecordChange, action)
        {
            Target = new AuditTarget(_auditor.EntityName(entry.Metadata, _options), _auditor.RecordId(entry), _auditor.RecordName(entry.Metadata, entry.Entity, _options)),
            Changes = changes,
            Message = message,
            Actor = Ambient.Actor,
            Client = Ambient.Client,
            TenantId = Ambient.TenantId,
            CorrelationId = Ambient.CorrelationId,
        };

    private AuditEvent Stamp(AuditEvent e) =>
        e with { Actor = Ambient.Actor, Client = Ambient.Client, TenantId = Ambient.TenantId, CorrelationId = Ambient.CorrelationId };

    // A join row of a many-to-many: recorded on the owning side (the first skip navigation) as a change of that navigation.
    private void Link(EntityEntry join, ISkipNavigation skip, bool linked, Dictionary<(string Entity, string Id), List<FieldChange>> related)
    {
        if (!_auditor.IsAudited(skip.DeclaringEntityType, _options))
        {
            return;
        }

        var owner = KeyOf(join, skip.ForeignKey.Properties, original: !linked);
        var other = KeyOf(join, skip.Inverse.ForeignKey.Properties, original: !linked);
        var changes = Related(related, (_auditor.EntityName(skip.DeclaringEntityType, _options), owner));
        changes.Add(linked
            ? new FieldChange(skip.Name, null, other, FieldChangeKind.Added)
            : new FieldChange(skip.Name, other, null, FieldChangeKind.Removed));
    }

    private static string KeyOf(EntityEntry entry, IReadOnlyList<IProperty> properties, bool original) =>
        EntityAuditor.FormatKey([.. properties.Select(p => AuditValueText.Format(original ? entry.Property(p).OriginalValue : entry.Property(p).CurrentValue))]);

    /// <summary>Every non-null value of a record (and of its owned and complex parts): a create's initial values or a delete's final ones.</summary>
    internal static List<FieldChange> Values(EntityAuditor auditor, EntityEntry entry, FieldChangeKind kind, bool current = false)
    {
        var changes = new List<FieldChange>();
        AddValues(auditor, entry, string.Empty, kind, current || kind == FieldChangeKind.Added, changes);
        return changes;
    }

    private static void AddValues(EntityAuditor auditor, EntityEntry entry, string prefix, FieldChangeKind kind, bool current, List<FieldChange> changes)
    {
        var type = auditor.Type(entry.Metadata);
        foreach (var p in type.Properties)
        {
            var property = entry.Property(p.Property);
            AddValue(p, prefix, current ? property.CurrentValue : property.OriginalValue, kind, changes);
        }

        foreach (var complex in type.ComplexProperties)
        {
            AddComplexValues(auditor, entry.ComplexProperty(complex), prefix + complex.Name + ".", kind, current, changes);
        }

        foreach (var navigation in type.OwnedReferences)
        {
            if (entry.Reference(navigation).TargetEntry is { } owned)
            {
                AddValues(auditor, owned, prefix + navigation.Name + ".", kind, current, changes);
            }
        }
    }

    private static void AddComplexValues(EntityAuditor auditor, ComplexPropertyEntry entry, string prefix, FieldChangeKind kind, bool current, List<FieldChange> changes)
    {
        var type = auditor.Type(entry.Metadata.ComplexType);
        foreach (var p in type.Properties)
        {
            var property = entry.Property(p.Property);
            AddValue(p, prefix, current ? property.CurrentValue : property.OriginalValue, kind, changes);
        }

        foreach (var complex in type.ComplexProperties)
        {
            AddComplexValues(auditor, entry.ComplexProperty(complex), prefix + complex.Name + ".", kind, current, changes);
        }
    }

    private static void AddValue(AuditedProperty p, string prefix, object? value, FieldChangeKind kind, List<FieldChange> changes)
    {
        if (value is not null)
        {
            changes.Add(kind == FieldChangeKind.Added ? Change(p, prefix, null, value, kind) : Change(p, prefix, value, null, kind));
        }
    }

    /// <summary>The modified values of an updated record, its owned parts (added, removed or modified) and complex parts.</summary>
    internal static void Modified(EntityAuditor auditor, EntityEntry entry, string prefix, List<FieldChange> changes)
    {
        var type = auditor.Type(entry.Metadata);
        var start = changes.Count;
        List<FieldChange>? unchanged = null;
        if (entry.State == EntityState.Modified)
        {
            // Only properties marked modified can differ from their original values; those are compared through
            // the property's value comparer (one marked modified but holding its original value is not a change).
            foreach (var p in type.Properties)
            {
                var property = entry.Property(p.Property);
                var before = property.OriginalValue;
                var after = property.CurrentValue;
                if (property.IsModified && !p.Property.GetValueComparer().Equals(before, after))
                {
                    changes.Add(Change(p, prefix, before, after, FieldChangeKind.Modified));
                }
                else if (p.AlwaysReport)
                {
                    (unchanged ??= []).Add(Change(p, prefix, after, after, FieldChangeKind.Unchanged));
                }
            }

            foreach (var complex in type.ComplexProperties)
            {
                ModifiedComplex(auditor, entry.ComplexProperty(complex), prefix + complex.Name + ".", changes);
            }
        }

        foreach (var navigation in type.OwnedReferences)
        {
            if (entry.Reference(navigation).TargetEntry is not { } owned)
            {
                continue;
            }

            var ownedPrefix = prefix + navigation.Name + ".";
            switch (owned.State)
            {
                case EntityState.Added:
                    AddValues(auditor, owned, ownedPrefix, FieldChangeKind.Added, current: true, changes);
                    break;
                case EntityState.Deleted:
                    AddValues(auditor, owned, ownedPrefix, FieldChangeKind.Removed, current: false, changes);
                    break;
                default:
                    Modified(auditor, owned, ownedPrefix, changes);
                    break;
            }
        }

        // "(no change)" rows only beside a real change: an update that changed nothing records nothing.
        if (unchanged is not null && changes.Count > start)
        {
            changes.AddRange(unchanged);
        }
    }

    private static void ModifiedComplex(EntityAuditor auditor, ComplexPropertyEntry entry, string prefix, List<FieldChange> changes)
    {
        var type = auditor.Type(entry.Metadata.ComplexType);
        foreach (var p in type.Properties)
        {
            var property = entry.Property(p.Property);
            if (property.IsModified && !p.Property.GetValueComparer().Equals(property.OriginalValue, property.CurrentValue))
            {
                changes.Add(Change(p, prefix, property.OriginalValue, property.CurrentValue, FieldChangeKind.Modified));
            }
        }

        foreach (var complex in type.ComplexProperties)
        {
            ModifiedComplex(auditor, entry.ComplexProperty(complex), prefix + complex.Name + ".", changes);
        }
    }

    internal static FieldChange Change(AuditedProperty p, string prefix, object? oldValue, object? newValue, FieldChangeKind kind)
    {
        const string Masked = "***";
        return new FieldChange(
            prefix.Length == 0 ? p.Name : prefix + p.Name,
            p.Mask && oldValue is not null ? Masked : AuditValueText.Format(oldValue),
            p.Mask && newValue is not null ? Masked : AuditValueText.Format(newValue),
            kind,
            p.DisplayName is null ? null : prefix + p.DisplayName,
            p.Mask || p.Format is null || oldValue is null ? null : p.Format(oldValue),
            p.Mask || p.Format is null || newValue is null ? null : p.Format(newValue))
        {
            IsPersonal = p.Personal,
        };
    }
}
