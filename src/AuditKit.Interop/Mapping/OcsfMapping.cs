using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AuditKit.Interop;

/// <summary>
/// Maps an <see cref="AuditEvent"/> to an OCSF 1.x event (schema <see cref="SchemaVersion"/>): Authentication (3002),
/// Account Change (3001), User Access Management (3005), Entity Management (3004) for record changes, API Activity (6003),
/// and Base Event (0) for the rest. What OCSF has no attribute for goes to <c>unmapped.auditkit</c>. The field table is in
/// docs/interop.md.
/// </summary>
public static class OcsfMapping
{
    /// <summary>The OCSF schema version written to <c>metadata.version</c>.</summary>
    public const string SchemaVersion = "1.5.0";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The OCSF class and activity <paramref name="auditEvent"/> maps to.</summary>
    /// <param name="auditEvent">The event.</param>
    /// <returns>The class, category and activity.</returns>
    public static OcsfClass Classify(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        return OcsfClassifier.Classify(auditEvent);
    }

    /// <summary>The event as one line of OCSF JSON (no line breaks: newlines in values are escaped).</summary>
    /// <param name="auditEvent">The event.</param>
    /// <param name="product">The reporting product (<see cref="InteropProduct.Default"/> when null).</param>
    /// <returns>The JSON text.</returns>
    public static string ToJson(AuditEvent auditEvent, InteropProduct? product = null)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(auditEvent, writer, product);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes the event as an OCSF JSON object.</summary>
    /// <param name="auditEvent">The event.</param>
    /// <param name="writer">Where to write it.</param>
    /// <param name="product">The reporting product (<see cref="InteropProduct.Default"/> when null).</param>
    public static void Write(AuditEvent auditEvent, Utf8JsonWriter writer, InteropProduct? product = null)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        ArgumentNullException.ThrowIfNull(writer);
        var e = auditEvent;
        product ??= InteropProduct.Default;
        var c = OcsfClassifier.Classify(e);
        writer.WriteStartObject();
        writer.WriteNumber("class_uid", c.ClassUid);
        writer.WriteString("class_name", c.ClassName);
        writer.WriteNumber("category_uid", c.CategoryUid);
        writer.WriteString("category_name", c.CategoryName);
        writer.WriteNumber("activity_id", c.ActivityId);
        writer.WriteString("activity_name", c.ActivityName);
        writer.WriteNumber("type_uid", c.TypeUid);
        writer.WriteString("type_name", c.TypeName);
        writer.WriteNumber("time", e.Timestamp.ToUnixTimeMilliseconds());
        var (severityId, severity) = Severity(e.Risk);
        writer.WriteNumber("severity_id", severityId);
        writer.WriteString("severity", severity);
        var (statusId, status) = Status(e.Outcome);
        writer.WriteNumber("status_id", statusId);
        writer.WriteString("status", status);
        if (e.Outcome == AuditOutcome.Denied)
        {
            writer.WriteString("status_detail", "Denied");
        }

        Str(writer, "message", e.Message);
        WriteMetadata(writer, e, product);
        WriteActor(writer, e);
        if (e.Client is { } client)
        {
            if (client.IpAddress is not null)
            {
                writer.WriteStartObject("src_endpoint");
                Str(writer, "ip", client.IpAddress);
                writer.WriteEndObject();
            }

            if (client.UserAgent is not null)
            {
                writer.WriteStartObject("http_request");
                Str(writer, "user_agent", client.UserAgent);
                writer.WriteEndObject();
            }
        }

        WriteClassAttributes(writer, e, c);
        WriteUnmapped(writer, e);
        writer.WriteEndObject();
    }

    private static void WriteMetadata(Utf8JsonWriter writer, AuditEvent e, InteropProduct product)
    {
        writer.WriteStartObject("metadata");
        writer.WriteString("version", SchemaVersion);
        if (e.Id != Guid.Empty)
        {
            writer.WriteString("uid", e.Id.ToString("D"));
        }

        Str(writer, "correlation_uid", e.CorrelationId);
        Str(writer, "tenant_uid", e.TenantId);
        writer.WriteString("log_name", "auditkit");
        if (e.Sequence > 0)
        {
            writer.WriteNumber("sequence", e.Sequence);
        }

        writer.WriteStartObject("product");
        Str(writer, "name", product.Name);
        Str(writer, "vendor_name", product.Vendor);
        Str(writer, "version", product.Version);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteActor(Utf8JsonWriter writer, AuditEvent e)
    {
        if (e.Actor is null && e.Client?.SessionId is null)
        {
            return;
        }

        writer.WriteStartObject("actor");
        if (e.Actor is { } actor)
        {
            writer.WritePropertyName("user");
            WriteUser(writer, actor.Id, actor.Name, actor.Email, actor.Kind);
            if (actor.Role is not null)
            {
                writer.WriteStartArray("authorizations");
                writer.WriteStartObject();
                writer.WriteStartObject("policy");
                Str(writer, "name", actor.Role);
                writer.WriteEndObject();
                writer.WriteEndObject();
                writer.WriteEndArray();
            }
        }

        WriteSession(writer, e);
        writer.WriteEndObject();
    }

    private static void WriteSession(Utf8JsonWriter writer, AuditEvent e)
    {
        if (e.Client?.SessionId is { } session)
        {
            writer.WriteStartObject("session");
            Str(writer, "uid", session);
            writer.WriteEndObject();
        }
    }

    private static void WriteUser(Utf8JsonWriter writer, string? id, string? name, string? email, ActorKind kind)
    {
        writer.WriteStartObject();
        Str(writer, "uid", id);
        Str(writer, "name", name);
        Str(writer, "email_addr", email);
        var (typeId, type) = kind switch
        {
            ActorKind.User => (1, "User"),
            ActorKind.System => (3, "System"),
            ActorKind.ApiClient or ActorKind.Integration => (4, "Service"),
            _ => (0, "Unknown"),
        };
        writer.WriteNumber("type_id", typeId);
        writer.WriteString("type", type);
        writer.WriteEndObject();
    }

    private static void WriteClassAttributes(Utf8JsonWriter writer, AuditEvent e, OcsfClass c)
    {
        switch (c.ClassUid)
        {
            case 3002:
                // The user who logs on is the actor (a failed logon may name only the attempted account).
                writer.WritePropertyName("user");
                WriteUser(writer, e.Actor?.Id, e.Actor?.Name, e.Actor?.Email, e.Actor?.Kind ?? ActorKind.User);
                WriteSession(writer, e);
                break;
            case 3001:
            case 3005:
                // The account changed is the target when it is a user, else the actor's own account.
                writer.WritePropertyName("user");
                if (e.Target is { RecordId: not null } t && t.EntityType is "User" or null)
                {
                    WriteUser(writer, t.RecordId, t.RecordName, null, ActorKind.User);
                }
                else
                {
                    WriteUser(writer, e.Actor?.Id, e.Actor?.Name, e.Actor?.Email, e.Actor?.Kind ?? ActorKind.User);
                }

                if (c.ClassUid == 3005)
                {
                    writer.WriteStartArray("privileges");
                    if (e.Metadata.TryGetValue("role", out var role) && role.ValueKind == JsonValueKind.String)
                    {
                        writer.WriteStringValue(InteropText.Valid(role.GetString()!));
                    }
                    else
                    {
                        foreach (var change in e.Changes)
                        {
                            if (change.NewValue is not null)
                            {
                                writer.WriteStringValue(InteropText.Valid(change.NewValue));
                            }
                        }
                    }

                    writer.WriteEndArray();
                    if (e.Target is { EntityType: not (null or "User") } resource)
                    {
                        WriteResource(writer, "resource", resource);
                    }
                }

                break;
            case 3004:
                WriteEntity(writer, "entity", e.Target, e.Changes, old: true);
                if (e.Action != AuditActions.Delete)
                {
                    WriteEntity(writer, "entity_result", e.Target, e.Changes, old: false);
                }

                break;
            case 6003:
                writer.WriteStartObject("api");
                Str(writer, "operation", e.Action);
                if (e.Target?.Module is { } module)
                {
                    writer.WriteStartObject("service");
                    Str(writer, "name", module);
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
                if (e.Target is { } target)
                {
                    writer.WriteStartArray("resources");
                    WriteResourceValue(writer, target);
                    writer.WriteEndArray();
                }

                if (e.Client?.IpAddress is null)
                {
                    writer.WriteStartObject("src_endpoint"); // required by the class
                    writer.WriteEndObject();
                }

                break;
        }
    }

    private static void WriteEntity(Utf8JsonWriter writer, string name, AuditTarget? target, IReadOnlyList<FieldChange> changes, bool old)
    {
        writer.WriteStartObject(name);
        Str(writer, "uid", target?.RecordId);
        Str(writer, "name", target?.RecordName);
        Str(writer, "type", target?.EntityType);
        if (changes.Count > 0)
        {
            writer.WriteStartObject("data");
            foreach (var change in changes)
            {
                var value = old ? change.OldValue : change.NewValue;
                if (old ? change.Kind == FieldChangeKind.Added : change.Kind == FieldChangeKind.Removed)
                {
                    continue;
                }

                writer.WritePropertyName(InteropText.Valid(change.Field));
                if (value is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    writer.WriteStringValue(InteropText.Valid(value));
                }
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteResource(Utf8JsonWriter writer, string name, AuditTarget target)
    {
        writer.WritePropertyName(name);
        WriteResourceValue(writer, target);
    }

    private static void WriteResourceValue(Utf8JsonWriter writer, AuditTarget target)
    {
        writer.WriteStartObject();
        Str(writer, "uid", target.RecordId);
        Str(writer, "name", target.RecordName);
        Str(writer, "type", target.EntityType);
        writer.WriteEndObject();
    }

    private static void WriteUnmapped(Utf8JsonWriter writer, AuditEvent e)
    {
        writer.WriteStartObject("unmapped");
        writer.WriteStartObject("auditkit");
        writer.WriteString("category", e.Category.ToString());
        Str(writer, "action", e.Action);
        writer.WriteString("outcome", e.Outcome.ToString());
        writer.WriteString("risk", e.Risk.ToString());
        if (e.Sequence > 0)
        {
            writer.WriteString("display_id", e.DisplayId);
            writer.WriteNumber("stream_id", e.StreamId);
            writer.WriteNumber("sequence", e.Sequence);
        }

        Str(writer, "hash", e.Hash);
        Str(writer, "previous_hash", e.PreviousHash);
        Str(writer, "trace_id", e.TraceId);
        Str(writer, "actor_role", e.Actor?.Role);
        Str(writer, "location", e.Client?.Location);
        Str(writer, "device", e.Client?.Device);
        if (e.Target is { } t)
        {
            writer.WriteStartObject("target");
            Str(writer, "entity_type", t.EntityType);
            Str(writer, "record_id", t.RecordId);
            Str(writer, "record_name", t.RecordName);
            Str(writer, "module", t.Module);
            Str(writer, "component", t.Component);
            writer.WriteEndObject();
        }

        if (e.Changes.Count > 0)
        {
            writer.WriteStartArray("changes");
            foreach (var change in e.Changes)
            {
                writer.WriteStartObject();
                Str(writer, "field", change.Field);
                Str(writer, "display_name", change.DisplayName);
                Str(writer, "old", change.OldValue);
                Str(writer, "new", change.NewValue);
                writer.WriteString("kind", change.Kind.ToString());
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (e.Metadata.Count > 0)
        {
            writer.WriteStartObject("metadata");
            foreach (var (key, value) in e.Metadata)
            {
                writer.WritePropertyName(InteropText.Valid(key));
                value.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    internal static (int Id, string Name) Severity(RiskLevel risk) => risk switch
    {
        RiskLevel.None => (1, "Informational"),
        RiskLevel.Low => (2, "Low"),
        RiskLevel.Medium => (3, "Medium"),
        RiskLevel.High => (4, "High"),
        RiskLevel.Critical => (5, "Critical"),
        _ => (0, "Unknown"),
    };

    private static (int Id, string Name) Status(AuditOutcome outcome) => outcome switch
    {
        AuditOutcome.Success => (1, "Success"),
        AuditOutcome.Failure or AuditOutcome.Denied => (2, "Failure"),
        _ => (99, outcome.ToString()),
    };

    private static void Str(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, InteropText.Valid(value));
        }
    }
}
