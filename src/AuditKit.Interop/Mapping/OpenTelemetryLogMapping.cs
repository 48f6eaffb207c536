using System.Text;
using System.Text.Json;

namespace AuditKit.Interop;

/// <summary>
/// Maps an <see cref="AuditEvent"/> to the OpenTelemetry log data model: timestamp, severity, body and attributes
/// named after the semantic conventions (<c>user.id</c>, <c>client.address</c>, <c>user_agent.original</c>,
/// <c>session.id</c>, ...) with AuditKit's own fields under <c>auditkit.*</c>. This type has no OpenTelemetry
/// dependency; AuditKit.Interop.OpenTelemetry exports through the SDK with it. The field table is in docs/interop.md.
/// </summary>
public static class OpenTelemetryLogMapping
{
    /// <summary>The value of the <c>event.name</c> attribute of every audit record.</summary>
    public const string EventName = "auditkit.audit_event";

    /// <summary>
    /// The OpenTelemetry severity number of a risk level: None and Low 9 (INFO), Medium 13 (WARN), High 17 (ERROR), Critical 21
    /// (FATAL) — the numbers of .NET's log levels Information, Warning, Error and Critical, which is what the SDK exports.
    /// </summary>
    /// <param name="risk">The risk level.</param>
    /// <returns>The severity number.</returns>
    public static int SeverityNumber(RiskLevel risk) => risk switch
    {
        RiskLevel.Medium => 13,
        RiskLevel.High => 17,
        RiskLevel.Critical => 21,
        _ => 9,
    };

    /// <summary>The severity text that goes with <see cref="SeverityNumber"/>: the .NET log level's name, as the SDK exports it.</summary>
    /// <param name="risk">The risk level.</param>
    /// <returns>Information, Warning, Error or Critical.</returns>
    public static string SeverityText(RiskLevel risk) => risk switch
    {
        RiskLevel.Medium => "Warning",
        RiskLevel.High => "Error",
        RiskLevel.Critical => "Critical",
        _ => "Information",
    };

    /// <summary>The record's body: the event's message, else "Category Action".</summary>
    /// <param name="auditEvent">The event.</param>
    /// <returns>The body text.</returns>
    public static string Body(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        return InteropText.Valid(auditEvent.Message ?? $"{auditEvent.Category} {auditEvent.Action}");
    }

    /// <summary>
    /// The record's attributes, in a fixed order, leaving out what the event does not have. Values are strings, longs
    /// or (for <c>user.roles</c>) string arrays.
    /// </summary>
    /// <param name="auditEvent">The event.</param>
    /// <returns>The attributes.</returns>
    public static IReadOnlyList<KeyValuePair<string, object?>> Attributes(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        var e = auditEvent;
        var list = new List<KeyValuePair<string, object?>>(24);
        Add(list, "event.name", EventName);
        Add(list, "user.id", e.Actor?.Id);
        Add(list, "user.name", e.Actor?.Name);
        Add(list, "user.email", e.Actor?.Email);
        if (e.Actor?.Role is { } role)
        {
            list.Add(new("user.roles", new[] { InteropText.Valid(role) }));
        }

        Add(list, "client.address", e.Client?.IpAddress);
        Add(list, "user_agent.original", e.Client?.UserAgent);
        Add(list, "session.id", e.Client?.SessionId);
        Add(list, "auditkit.event.id", e.Id == Guid.Empty ? null : e.Id.ToString("D"));
        if (e.Sequence > 0)
        {
            Add(list, "auditkit.display_id", e.DisplayId);
            list.Add(new("auditkit.stream_id", (long)e.StreamId));
            list.Add(new("auditkit.sequence", e.Sequence));
        }

        Add(list, "auditkit.category", e.Category.ToString());
        Add(list, "auditkit.action", e.Action);
        Add(list, "auditkit.outcome", e.Outcome.ToString());
        Add(list, "auditkit.risk", e.Risk.ToString());
        Add(list, "auditkit.tenant_id", e.TenantId);
        Add(list, "auditkit.actor.kind", e.Actor is null ? null : e.Actor.Kind.ToString());
        Add(list, "auditkit.client.location", e.Client?.Location);
        Add(list, "auditkit.client.device", e.Client?.Device);
        Add(list, "auditkit.target.entity_type", e.Target?.EntityType);
        Add(list, "auditkit.target.record_id", e.Target?.RecordId);
        Add(list, "auditkit.target.record_name", e.Target?.RecordName);
        Add(list, "auditkit.target.module", e.Target?.Module);
        Add(list, "auditkit.target.component", e.Target?.Component);
        Add(list, "auditkit.correlation_id", e.CorrelationId);
        Add(list, "auditkit.trace_id", e.TraceId); // the SDK exports a record's trace id only with a span id, which an audit event has not
        Add(list, "auditkit.hash", e.Hash);
        if (e.Changes.Count > 0)
        {
            Add(list, "auditkit.changes", ChangesJson(e.Changes));
        }

        if (e.Metadata.Count > 0)
        {
            Add(list, "auditkit.metadata", MetadataJson(e.Metadata));
        }

        return list;
    }

    private static void Add(List<KeyValuePair<string, object?>> list, string key, string? value)
    {
        if (value is not null)
        {
            list.Add(new(key, InteropText.Valid(value)));
        }
    }

    private static string ChangesJson(IReadOnlyList<FieldChange> changes)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartArray();
            foreach (var c in changes)
            {
                w.WriteStartObject();
                w.WriteString("field", InteropText.Valid(c.Field));
                Nullable(w, "old", c.OldValue);
                Nullable(w, "new", c.NewValue);
                w.WriteString("kind", c.Kind.ToString());
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string MetadataJson(IReadOnlyDictionary<string, JsonElement> metadata)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            foreach (var (key, value) in metadata)
            {
                w.WritePropertyName(InteropText.Valid(key));
                value.WriteTo(w);
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Nullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, InteropText.Valid(value));
        }
    }
}
