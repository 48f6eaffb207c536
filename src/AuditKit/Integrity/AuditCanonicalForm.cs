using System.Buffers;
using System.Globalization;

namespace AuditKit.Providers;

/// <summary>
/// The canonical form of an event that its hash covers (docs/integrity.md): one JSON object, keys in
/// ordinal order, null and empty members left out, enums by name, the timestamp as
/// <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c>, the id as 32 lower-case hex digits in RFC 9562 byte order.
/// </summary>
public static class AuditCanonicalForm
{
    private static readonly AuditClient NoClient = new();
    private static readonly AuditTarget NoTarget = new();

    /// <summary>The top-level members in canonical order; <see cref="FieldDigests"/> keeps one digest per member.</summary>
    public static readonly string[] Members =
    [
        "action", "actor", "category", "changes", "client", "correlationId", "id", "message", "metadata",
        "outcome", "risk", "sequence", "streamId", "target", "tenantId", "timestamp", "traceId",
    ];

    /// <summary>Writes the canonical form the hash covers: sealed personal fields appear as their commitments.</summary>
    public static void Write(AuditEvent e, IBufferWriter<byte> output) => Write(e, output, e.Seals, default);

    /// <summary>Writes the canonical form into a buffer and notes where each top-level member ends (a written count per <see cref="Members"/> entry).</summary>
    public static void Write(AuditEvent e, ArrayBufferWriter<byte> output, Span<int> memberEnds) => Write(e, output, e.Seals, memberEnds);

    /// <summary>Writes the canonical layout with every stored value in plain text (journals keep this plus the seals).</summary>
    public static void WritePlain(AuditEvent e, IBufferWriter<byte> output) => Write(e, output, null, default);

    private static void Write(AuditEvent e, IBufferWriter<byte> output, PersonalSeals? seals, Span<int> ends)
    {
        var positions = ends.IsEmpty ? null : output as ArrayBufferWriter<byte>;
        var member = 0;
        void End(Span<int> ends)
        {
            if (positions is not null)
            {
                ends[member] = positions.WrittenCount;
            }

            member++;
        }

        var w = new CanonicalJsonWriter(output);
        w.StartObject();
        w.String("action", e.Action);
        End(ends);
        if (e.Actor is { } actor)
        {
            w.Property("actor");
            w.StartObject();
            Sealed(ref w, "email", actor.Email, PersonalSeals.ActorEmail, seals);
            w.String("id", actor.Id);
            w.String("kind", KindName(actor.Kind));
            Sealed(ref w, "name", actor.Name, PersonalSeals.ActorName, seals);
            w.String("role", actor.Role);
            w.EndObject();
        }
        End(ends);

        w.String("category", CategoryName(e.Category));
        End(ends);
        if (seals is { SealsChanges: true })
        {
            w.Property("changes");
            WriteChanges(ref w, e.Changes, seals);
        }
        else if (e.StoredChanges is { } storedChanges)
        {
            w.Property("changes");
            w.RawJson(storedChanges);
        }
        else if (e.Changes.Count > 0)
        {
            w.Property("changes");
            WriteChanges(ref w, e.Changes, null);
        }
        End(ends);

        var client = e.Client ?? NoClient;
        if (!IsEmpty(client) || Has(seals, "client."))
        {
            w.Property("client");
            w.StartObject();
            Sealed(ref w, "device", client.Device, PersonalSeals.ClientDevice, seals);
            Sealed(ref w, "ipAddress", client.IpAddress, PersonalSeals.ClientIpAddress, seals);
            Sealed(ref w, "location", client.Location, PersonalSeals.ClientLocation, seals);
            w.String("sessionId", client.SessionId);
            Sealed(ref w, "userAgent", client.UserAgent, PersonalSeals.ClientUserAgent, seals);
            w.EndObject();
        }
        End(ends);

        w.String("correlationId", e.CorrelationId);
        End(ends);
        w.String("id", FormatId(e.Id));
        End(ends);
        w.String("message", e.Message);
        End(ends);
        if (e.StoredMetadata is { } storedMetadata)
        {
            w.Property("metadata");
            w.RawJson(storedMetadata);
        }
        else if (e.Metadata.Count > 0)
        {
            w.Property("metadata");
            WriteMetadata(ref w, e.Metadata);
        }
        End(ends);

        w.String("outcome", OutcomeName(e.Outcome));
        End(ends);
        w.String("risk", RiskName(e.Risk));
        End(ends);
        w.Number("sequence", e.Sequence);
        End(ends);
        w.Number("streamId", e.StreamId);
        End(ends);
        var target = e.Target ?? NoTarget;
        if (!IsEmpty(target) || Has(seals, "target."))
        {
            w.Property("target");
            w.StartObject();
            w.String("component", target.Component);
            w.String("entityType", target.EntityType);
            w.String("module", target.Module);
            w.String("recordId", target.RecordId);
            Sealed(ref w, "recordName", target.RecordName, PersonalSeals.RecordName, seals);
            w.EndObject();
        }
        End(ends);

        w.String("tenantId", e.TenantId);
        End(ends);
        w.String("timestamp", FormatTimestamp(e.Timestamp));
        End(ends);
        w.String("traceId", e.TraceId);
        End(ends);
        w.EndObject();
    }

    /// <summary>The changes array alone, as stored by the providers (the same bytes the hash covers).</summary>
    public static void WriteChanges(IReadOnlyList<FieldChange> changes, IBufferWriter<byte> output)
    {
        var w = new CanonicalJsonWriter(output);
        WriteChanges(ref w, changes, null);
    }

    /// <summary>The metadata object alone, as stored by the providers.</summary>
    public static void WriteMetadata(IReadOnlyDictionary<string, System.Text.Json.JsonElement> metadata, IBufferWriter<byte> output)
    {
        var w = new CanonicalJsonWriter(output);
        WriteMetadata(ref w, metadata);
    }

    /// <summary>The canonical text of a timestamp: UTC, <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c>.</summary>
    public static string FormatTimestamp(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The canonical text of an event id: 32 lower-case hex digits.</summary>
    public static string FormatId(Guid id) => id.ToString("N", CultureInfo.InvariantCulture);

    /// <summary>The canonical name of a category.</summary>
    public static string CategoryName(AuditCategory value) => value switch
    {
        AuditCategory.RecordChange => "RecordChange",
        AuditCategory.UserAction => "UserAction",
        AuditCategory.Security => "Security",
        AuditCategory.System => "System",
        AuditCategory.ApiRequest => "ApiRequest",
        AuditCategory.DataAccess => "DataAccess",
        _ => value.ToString(),
    };

    /// <summary>The canonical name of an outcome.</summary>
    public static string OutcomeName(AuditOutcome value) => value switch
    {
        AuditOutcome.Success => "Success",
        AuditOutcome.Warning => "Warning",
        AuditOutcome.Failure => "Failure",
        AuditOutcome.Denied => "Denied",
        _ => value.ToString(),
    };

    /// <summary>The canonical name of a risk level.</summary>
    public static string RiskName(RiskLevel value) => value switch
    {
        RiskLevel.None => "None",
        RiskLevel.Low => "Low",
        RiskLevel.Medium => "Medium",
        RiskLevel.High => "High",
        RiskLevel.Critical => "Critical",
        _ => value.ToString(),
    };

    /// <summary>The canonical name of an actor kind.</summary>
    public static string KindName(ActorKind value) => value switch
    {
        ActorKind.User => "User",
        ActorKind.System => "System",
        ActorKind.ApiClient => "ApiClient",
        ActorKind.Integration => "Integration",
        _ => value.ToString(),
    };

    private static string ChangeKindName(FieldChangeKind value) => value switch
    {
        FieldChangeKind.Modified => "Modified",
        FieldChangeKind.Added => "Added",
        FieldChangeKind.Removed => "Removed",
        FieldChangeKind.Unchanged => "Unchanged",
        _ => value.ToString(),
    };

    private static void WriteChanges(ref CanonicalJsonWriter w, IReadOnlyList<FieldChange> changes, PersonalSeals? seals)
    {
        w.StartArray();
        for (var i = 0; i < changes.Count; i++)
        {
            var c = changes[i];
            w.StartObject();
            w.String("displayName", c.DisplayName);
            w.String("field", c.Field);
            w.String("kind", ChangeKindName(c.Kind));
            if (seals is not null && seals.TryGet(PersonalSeals.ChangePath(i, "new"), out var seal))
            {
                w.Property("new");
                Commitment(ref w, seal.CommitmentFor(c.NewValue));
            }
            else
            {
                w.Property("new");
                w.StringValue(c.NewValue);
            }

            Sealed(ref w, "newDisplay", c.NewDisplay, seals is null ? null : PersonalSeals.ChangePath(i, "newDisplay"), seals);
            if (seals is not null && seals.TryGet(PersonalSeals.ChangePath(i, "old"), out seal))
            {
                w.Property("old");
                Commitment(ref w, seal.CommitmentFor(c.OldValue));
            }
            else
            {
                w.Property("old");
                w.StringValue(c.OldValue);
            }

            Sealed(ref w, "oldDisplay", c.OldDisplay, seals is null ? null : PersonalSeals.ChangePath(i, "oldDisplay"), seals);
            w.EndObject();
        }

        w.EndArray();
    }

    // A sealed field is written as {"sha256":"<hex of SHA-256(salt ‖ UTF-8 value)>"}: an object, so it can never
    // be mistaken for a plain string value.
    private static void Sealed(ref CanonicalJsonWriter w, string name, string? value, string? path, PersonalSeals? seals)
    {
        if (seals is not null && path is not null && seals.TryGet(path, out var seal))
        {
            w.Property(name);
            Commitment(ref w, seal.CommitmentFor(value));
        }
        else
        {
            w.String(name, value);
        }
    }

    private static void Commitment(ref CanonicalJsonWriter w, byte[]? commitment)
    {
        if (commitment is null)
        {
            w.StringValue(null); // a salt without its value: tampering, and the hash will not match
            return;
        }

        w.StartObject();
        w.String("sha256", Convert.ToHexStringLower(commitment));
        w.EndObject();
    }

    private static bool Has(PersonalSeals? seals, string prefix)
    {
        if (seals is null)
        {
            return false;
        }

        foreach (var path in seals.Fields.Keys)
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static void WriteMetadata(ref CanonicalJsonWriter w, IReadOnlyDictionary<string, System.Text.Json.JsonElement> metadata)
    {
        var keys = new string[metadata.Count];
        var i = 0;
        foreach (var key in metadata.Keys)
        {
            keys[i++] = key;
        }

        Array.Sort(keys, StringComparer.Ordinal);
        w.StartObject();
        foreach (var key in keys)
        {
            w.Property(key);
            w.JsonValue(metadata[key]);
        }

        w.EndObject();
    }

    private static bool IsEmpty(AuditClient c) =>
        c.IpAddress is null && c.Location is null && c.UserAgent is null && c.Device is null && c.SessionId is null;

    private static bool IsEmpty(AuditTarget t) =>
        t.EntityType is null && t.RecordId is null && t.RecordName is null && t.Module is null && t.Component is null;
}
