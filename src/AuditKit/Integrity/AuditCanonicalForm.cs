using System.Buffers;
using System.Globalization;

namespace AuditKit;

/// <summary>
/// The canonical form of an event that its hash covers (docs/integrity.md): one JSON object, keys in
/// ordinal order, null and empty members left out, enums by name, the timestamp as
/// <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c>, the id as 32 lower-case hex digits in RFC 9562 byte order.
/// </summary>
internal static class AuditCanonicalForm
{
    public static void Write(AuditEvent e, IBufferWriter<byte> output)
    {
        var w = new CanonicalJsonWriter(output);
        w.StartObject();
        w.String("action", e.Action);
        if (e.Actor is { } actor)
        {
            w.Property("actor");
            w.StartObject();
            w.String("email", actor.Email);
            w.String("id", actor.Id);
            w.String("kind", KindName(actor.Kind));
            w.String("name", actor.Name);
            w.String("role", actor.Role);
            w.EndObject();
        }

        w.String("category", CategoryName(e.Category));
        if (e.StoredChanges is { } storedChanges)
        {
            w.Property("changes");
            w.RawJson(storedChanges);
        }
        else if (e.Changes.Count > 0)
        {
            w.Property("changes");
            WriteChanges(ref w, e.Changes);
        }

        if (e.Client is { } client && !IsEmpty(client))
        {
            w.Property("client");
            w.StartObject();
            w.String("device", client.Device);
            w.String("ipAddress", client.IpAddress);
            w.String("location", client.Location);
            w.String("sessionId", client.SessionId);
            w.String("userAgent", client.UserAgent);
            w.EndObject();
        }

        w.String("correlationId", e.CorrelationId);
        w.String("id", FormatId(e.Id));
        w.String("message", e.Message);
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

        w.String("outcome", OutcomeName(e.Outcome));
        w.String("risk", RiskName(e.Risk));
        w.Number("sequence", e.Sequence);
        w.Number("streamId", e.StreamId);
        if (e.Target is { } target && !IsEmpty(target))
        {
            w.Property("target");
            w.StartObject();
            w.String("component", target.Component);
            w.String("entityType", target.EntityType);
            w.String("module", target.Module);
            w.String("recordId", target.RecordId);
            w.String("recordName", target.RecordName);
            w.EndObject();
        }

        w.String("tenantId", e.TenantId);
        w.String("timestamp", FormatTimestamp(e.Timestamp));
        w.String("traceId", e.TraceId);
        w.EndObject();
    }

    /// <summary>The changes array alone, as stored by the providers (the same bytes the hash covers).</summary>
    public static void WriteChanges(IReadOnlyList<FieldChange> changes, IBufferWriter<byte> output)
    {
        var w = new CanonicalJsonWriter(output);
        WriteChanges(ref w, changes);
    }

    /// <summary>The metadata object alone, as stored by the providers.</summary>
    public static void WriteMetadata(IReadOnlyDictionary<string, System.Text.Json.JsonElement> metadata, IBufferWriter<byte> output)
    {
        var w = new CanonicalJsonWriter(output);
        WriteMetadata(ref w, metadata);
    }

    public static string FormatTimestamp(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static string FormatId(Guid id) => id.ToString("N", CultureInfo.InvariantCulture);

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

    private static string OutcomeName(AuditOutcome value) => value switch
    {
        AuditOutcome.Success => "Success",
        AuditOutcome.Warning => "Warning",
        AuditOutcome.Failure => "Failure",
        AuditOutcome.Denied => "Denied",
        _ => value.ToString(),
    };

    private static string RiskName(RiskLevel value) => value switch
    {
        RiskLevel.None => "None",
        RiskLevel.Low => "Low",
        RiskLevel.Medium => "Medium",
        RiskLevel.High => "High",
        RiskLevel.Critical => "Critical",
        _ => value.ToString(),
    };

    private static string KindName(ActorKind value) => value switch
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

    private static void WriteChanges(ref CanonicalJsonWriter w, IReadOnlyList<FieldChange> changes)
    {
        w.StartArray();
        for (var i = 0; i < changes.Count; i++)
        {
            var c = changes[i];
            w.StartObject();
            w.String("displayName", c.DisplayName);
            w.String("field", c.Field);
            w.String("kind", ChangeKindName(c.Kind));
            w.Property("new");
            w.StringValue(c.NewValue);
            w.String("newDisplay", c.NewDisplay);
            w.Property("old");
            w.StringValue(c.OldValue);
            w.String("oldDisplay", c.OldDisplay);
            w.EndObject();
        }

        w.EndArray();
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
