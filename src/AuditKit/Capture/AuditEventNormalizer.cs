using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace AuditKit;

/// <summary>
/// Runs on the caller's thread, in stages: enrich (identity, time, ambient context) → policy (the event policy may
/// drop the event or strip update values; the risk rules and failed-login numbering) → validate (every limit) →
/// seal (personal values). It allocates nothing
/// for a valid event unless a value has to be replaced or truncated.
/// </summary>
internal sealed class AuditEventNormalizer(AuditKitOptions options, IAuditContextAccessor contextAccessor, TimeProvider timeProvider, PersonalFields sealedFields = PersonalFields.None, EventPolicyStage? policy = null, RiskStage? risk = null)
{
    private static readonly DateTimeOffset MinTimestamp = DateTimeOffset.UnixEpoch;
    private static readonly DateTimeOffset MaxTimestamp = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly AuditLimits _limits = options.Limits;
    private readonly EventIdGenerator _ids = new();

    /// <summary>Prepares an event for the queue; false when the event policy drops it (nothing else is checked then).</summary>
    public bool Prepare(AuditEvent e)
    {
        ArgumentNullException.ThrowIfNull(e, "auditEvent");
        if (e.Sequence != 0)
        {
            throw new ArgumentException($"The event {e.DisplayId} was already written; record a new AuditEvent instead of re-recording it.", "auditEvent");
        }

        Enrich(e);
        if (policy is not null && !policy.Apply(e))
        {
            return false;
        }

        risk?.Apply(e);

        Validate(e);
        if (sealedFields != PersonalFields.None)
        {
            Seal(e);
        }

        return true;
    }

    // Gives each configured personal value its own random salt: the canonical form then hashes its commitment,
    // so erasing the value later (keeping the commitment) leaves the chain intact.
    private void Seal(AuditEvent e)
    {
        PersonalSeals? seals = null;
        if (e.Actor is { } actor)
        {
            Add(ref seals, PersonalFields.ActorName, actor.Name, PersonalSeals.ActorName);
            Add(ref seals, PersonalFields.ActorEmail, actor.Email, PersonalSeals.ActorEmail);
        }

        if (e.Client is { } client)
        {
            Add(ref seals, PersonalFields.ClientIpAddress, client.IpAddress, PersonalSeals.ClientIpAddress);
            Add(ref seals, PersonalFields.ClientLocation, client.Location, PersonalSeals.ClientLocation);
            Add(ref seals, PersonalFields.ClientUserAgent, client.UserAgent, PersonalSeals.ClientUserAgent);
            Add(ref seals, PersonalFields.ClientDevice, client.Device, PersonalSeals.ClientDevice);
        }

        Add(ref seals, PersonalFields.RecordName, e.Target?.RecordName, PersonalSeals.RecordName);
        if ((sealedFields & PersonalFields.PersonalChanges) != 0)
        {
            var changes = e.Changes;
            for (var i = 0; i < changes.Count; i++)
            {
                var change = changes[i];
                if (change.IsPersonal)
                {
                    Add(ref seals, PersonalFields.PersonalChanges, change.OldValue, PersonalSeals.ChangePath(i, "old"));
                    Add(ref seals, PersonalFields.PersonalChanges, change.NewValue, PersonalSeals.ChangePath(i, "new"));
                    Add(ref seals, PersonalFields.PersonalChanges, change.OldDisplay, PersonalSeals.ChangePath(i, "oldDisplay"));
                    Add(ref seals, PersonalFields.PersonalChanges, change.NewDisplay, PersonalSeals.ChangePath(i, "newDisplay"));
                }
            }
        }

        e.SetSeals(seals);
    }

    private void Add(ref PersonalSeals? seals, PersonalFields field, string? value, string path)
    {
        if (value is not null && (sealedFields & field) != 0)
        {
            (seals ??= new PersonalSeals()).AddSalt(path);
        }
    }

    private void Enrich(AuditEvent e)
    {
        var timestamp = (e.Timestamp == default ? timeProvider.GetUtcNow() : e.Timestamp).ToUniversalTime();
        if (timestamp < MinTimestamp || timestamp >= MaxTimestamp)
        {
            throw new ArgumentOutOfRangeException("auditEvent.Timestamp", e.Timestamp, "AuditEvent.Timestamp must be between 1970-01-01 and 9999-01-01 UTC.");
        }

        // Microsecond precision: what every store keeps, so the hash is computed over what is stored.
        timestamp = new DateTimeOffset(timestamp.UtcTicks - (timestamp.UtcTicks % 10), TimeSpan.Zero);
        e.SetTimestamp(timestamp);
        e.Id = _ids.Next(timestamp);

        var context = contextAccessor.Current;
        if (context is not null)
        {
            if (e.Actor is null && context.Actor is not null)
            {
                e.SetActor(context.Actor);
            }

            if (e.Client is null && context.Client is not null)
            {
                e.SetClient(context.Client);
            }

            if (e.TenantId is null && context.TenantId is not null)
            {
                e.SetTenantId(context.TenantId);
            }

            if (e.CorrelationId is null && context.CorrelationId is not null)
            {
                e.SetCorrelationId(context.CorrelationId);
            }
        }

        if (e.TraceId is null && Activity.Current is { } activity && activity.TraceId != default)
        {
            e.SetTraceId(activity.TraceId.ToHexString());
        }
    }

    private void Validate(AuditEvent e)
    {
        Defined(e.Category, "auditEvent.Category");
        Defined(e.Outcome, "auditEvent.Outcome");
        Defined(e.Risk, "auditEvent.Risk");

        e.SetAction(Id(e.Action, "auditEvent.Action")!);
        if (e.Action.Length == 0 || string.IsNullOrWhiteSpace(e.Action))
        {
            throw new ArgumentException("AuditEvent.Action must not be empty.", "auditEvent.Action");
        }

        e.SetTenantId(string.IsNullOrEmpty(e.TenantId) ? null : Id(e.TenantId, "auditEvent.TenantId"));
        e.SetMessage(Text(e.Message, _limits.MaxTextLength));
        e.SetCorrelationId(Id(e.CorrelationId, "auditEvent.CorrelationId"));
        e.SetTraceId(Id(e.TraceId, "auditEvent.TraceId"));

        if (e.Actor is { } actor)
        {
            Defined(actor.Kind, "auditEvent.Actor.Kind");
            var id = Id(actor.Id, "auditEvent.Actor.Id");
            var name = Text(actor.Name, _limits.MaxTextLength);
            var email = Id(actor.Email, "auditEvent.Actor.Email");
            var role = Id(actor.Role, "auditEvent.Actor.Role");
            if (!ReferenceEquals(id, actor.Id) || !ReferenceEquals(name, actor.Name) || !ReferenceEquals(email, actor.Email) || !ReferenceEquals(role, actor.Role))
            {
                e.SetActor(actor with { Id = id, Name = name, Email = email, Role = role });
            }
        }

        if (e.Client is { } client)
        {
            var ip = Id(client.IpAddress, "auditEvent.Client.IpAddress");
            var location = Text(client.Location, _limits.MaxTextLength);
            var agent = Text(client.UserAgent, _limits.MaxTextLength);
            var device = Text(client.Device, _limits.MaxTextLength);
            var session = Id(client.SessionId, "auditEvent.Client.SessionId");
            if (!ReferenceEquals(ip, client.IpAddress) || !ReferenceEquals(location, client.Location) || !ReferenceEquals(agent, client.UserAgent)
                || !ReferenceEquals(device, client.Device) || !ReferenceEquals(session, client.SessionId))
            {
                e.SetClient(new AuditClient(ip, location, agent, device, session));
            }
        }

        if (e.Target is { } target)
        {
            var entity = Id(target.EntityType, "auditEvent.Target.EntityType");
            var recordId = Id(target.RecordId, "auditEvent.Target.RecordId");
            var recordName = Text(target.RecordName, _limits.MaxTextLength);
            var module = Id(target.Module, "auditEvent.Target.Module");
            var component = Id(target.Component, "auditEvent.Target.Component");
            if (!ReferenceEquals(entity, target.EntityType) || !ReferenceEquals(recordId, target.RecordId) || !ReferenceEquals(recordName, target.RecordName)
                || !ReferenceEquals(module, target.Module) || !ReferenceEquals(component, target.Component))
            {
                e.SetTarget(new AuditTarget(entity, recordId, recordName, module, component));
            }
        }

        ValidateChanges(e);
        ValidateMetadata(e);
    }

    private void ValidateChanges(AuditEvent e)
    {
        var changes = e.Changes;
        if (changes.Count == 0)
        {
            return;
        }

        if (changes.Count > _limits.MaxChanges)
        {
            throw new ArgumentException($"AuditEvent.Changes has {changes.Count} entries; at most {_limits.MaxChanges} are allowed (AuditLimits.MaxChanges).", "auditEvent.Changes");
        }

        FieldChange[]? copy = null;
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i] ?? throw new ArgumentException($"AuditEvent.Changes[{i}] is null.", $"auditEvent.Changes[{i}]");
            if (string.IsNullOrWhiteSpace(change.Field))
            {
                throw new ArgumentException($"AuditEvent.Changes[{i}].Field must not be empty.", $"auditEvent.Changes[{i}].Field");
            }

            // The field names in these checks are only built when one fails: this loop runs for every change.
            if ((uint)change.Kind > (uint)MaxOf<FieldChangeKind>.Value)
            {
                Defined(change.Kind, $"auditEvent.Changes[{i}].Kind");
            }

            var field = change.Field.Length <= _limits.MaxIdentifierLength ? AuditText.Clean(change.Field) : Id(change.Field, $"auditEvent.Changes[{i}].Field")!;
            var display = Text(change.DisplayName, _limits.MaxIdentifierLength);
            var oldValue = Text(change.OldValue, _limits.MaxValueLength);
            var newValue = Text(change.NewValue, _limits.MaxValueLength);
            var oldDisplay = Text(change.OldDisplay, _limits.MaxValueLength);
            var newDisplay = Text(change.NewDisplay, _limits.MaxValueLength);
            if (!ReferenceEquals(field, change.Field) || !ReferenceEquals(display, change.DisplayName)
                || !ReferenceEquals(oldValue, change.OldValue) || !ReferenceEquals(newValue, change.NewValue)
                || !ReferenceEquals(oldDisplay, change.OldDisplay) || !ReferenceEquals(newDisplay, change.NewDisplay))
            {
                copy ??= [.. changes];
                copy[i] = change with { Field = field, DisplayName = display, OldValue = oldValue, NewValue = newValue, OldDisplay = oldDisplay, NewDisplay = newDisplay };
            }
        }

        if (copy is not null)
        {
            e.SetChanges(copy);
        }
    }

    private void ValidateMetadata(AuditEvent e)
    {
        var metadata = e.Metadata;
        if (metadata.Count == 0)
        {
            return;
        }

        if (metadata.Count > _limits.MaxMetadataEntries)
        {
            throw new ArgumentException($"AuditEvent.Metadata has {metadata.Count} entries; at most {_limits.MaxMetadataEntries} are allowed (AuditLimits.MaxMetadataEntries).", "auditEvent.Metadata");
        }

        Dictionary<string, JsonElement>? copy = null;
        foreach (var (key, value) in metadata)
        {
            if (string.IsNullOrEmpty(key))
            {
                throw new ArgumentException("AuditEvent.Metadata has an empty key.", "auditEvent.Metadata");
            }

            var clean = key.Length <= _limits.MaxIdentifierLength ? AuditText.Clean(key) : Id(key, $"auditEvent.Metadata[{key}]")!;
            if (value.ValueKind == JsonValueKind.Undefined)
            {
                throw new ArgumentException($"AuditEvent.Metadata['{clean}'] is an undefined JsonElement.", $"auditEvent.Metadata[{clean}]");
            }

            var size = JsonMarshal.GetRawUtf8Value(value).Length;
            if (size > _limits.MaxMetadataValueBytes)
            {
                throw new ArgumentException($"AuditEvent.Metadata['{clean}'] is {size} bytes of JSON; at most {_limits.MaxMetadataValueBytes} are allowed (AuditLimits.MaxMetadataValueBytes).", $"auditEvent.Metadata[{clean}]");
            }

            if (!ReferenceEquals(clean, key))
            {
                copy ??= new Dictionary<string, JsonElement>(metadata, StringComparer.Ordinal);
                copy.Remove(key);
                copy[clean] = value;
            }
        }

        if (copy is not null)
        {
            e.SetMetadata(copy);
        }
    }

    private string? Id(string? value, string field)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length > _limits.MaxIdentifierLength)
        {
            throw new ArgumentException(
                $"{field.Replace("auditEvent.", "AuditEvent.", StringComparison.Ordinal)} is {value.Length} characters long; at most {_limits.MaxIdentifierLength} are allowed (AuditLimits.MaxIdentifierLength).",
                field);
        }

        return AuditText.Clean(value);
    }

    private static string? Text(string? value, int max) =>
        value is null ? null : AuditText.Clean(AuditText.Truncate(value, max));

    // The enums are contiguous from zero: a range check, instead of Enum.IsDefined's lookup, on the hot path.
    private static void Defined<TEnum>(TEnum value, string field)
        where TEnum : struct, Enum
    {
        var number = System.Runtime.CompilerServices.Unsafe.As<TEnum, int>(ref value);
        if ((uint)number > (uint)MaxOf<TEnum>.Value)
        {
            throw new ArgumentOutOfRangeException(field, value, $"{field.Replace("auditEvent.", "AuditEvent.", StringComparison.Ordinal)} has the undefined value {value}.");
        }
    }

    private static class MaxOf<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly int Value = Enum.GetValues<TEnum>().Max(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture));
    }
}
