using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace AuditKit.Providers;

/// <summary>
/// An event as self-contained JSON for journals (and later archives): <c>{"e":plain,"h":hash,"p":previousHash,"s":seals}</c>,
/// where <c>plain</c> is the canonical layout with sealed personal values in plain text and <c>s</c> their salts.
/// Reading it back gives an event whose canonical form, and so whose hash, is unchanged.
/// </summary>
public static class AuditEventJson
{
    /// <summary>Writes an event (with its id, time, stream position, hashes and seals) as one JSON object, the form journals and outboxes keep.</summary>
    public static void Write(AuditEvent e, IBufferWriter<byte> output)
    {
        var w = new CanonicalJsonWriter(output);
        w.StartObject();
        w.Property("e");
        w.PlainEventValue(output, e);
        w.String("h", e.Hash);
        w.String("p", e.PreviousHash);
        if (e.Seals is { } seals)
        {
            w.Property("s");
            w.RawJson(seals.ToJson());
        }

        w.EndObject();
    }

    /// <summary>Reads an event written by <see cref="Write"/>, as it was.</summary>
    public static AuditEvent Read(JsonElement element)
    {
        var c = element.GetProperty("e");
        var e = new AuditEvent(Enum.Parse<AuditCategory>(c.GetProperty("category").GetString()!), c.GetProperty("action").GetString()!)
        {
            Timestamp = DateTimeOffset.ParseExact(c.GetProperty("timestamp").GetString()!, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            TenantId = Str(c, "tenantId"),
            Outcome = Enum.Parse<AuditOutcome>(c.GetProperty("outcome").GetString()!),
            Risk = Enum.Parse<RiskLevel>(c.GetProperty("risk").GetString()!),
            Message = Str(c, "message"),
            Actor = c.TryGetProperty("actor", out var a)
                ? new AuditActor(Str(a, "id"), Str(a, "name"), Str(a, "email"), Str(a, "role"), Enum.Parse<ActorKind>(a.GetProperty("kind").GetString()!))
                : null,
            Client = c.TryGetProperty("client", out var cl)
                ? new AuditClient(Str(cl, "ipAddress"), Str(cl, "location"), Str(cl, "userAgent"), Str(cl, "device"), Str(cl, "sessionId"))
                : null,
            Target = c.TryGetProperty("target", out var t)
                ? new AuditTarget(Str(t, "entityType"), Str(t, "recordId"), Str(t, "recordName"), Str(t, "module"), Str(t, "component"))
                : null,
            Changes = c.TryGetProperty("changes", out var changes) ? StoredJson.ReadChanges(changes.GetRawText()) : [],
            CorrelationId = Str(c, "correlationId"),
            TraceId = Str(c, "traceId"),
            Metadata = c.TryGetProperty("metadata", out var metadata) ? StoredJson.ReadMetadata(metadata.GetRawText()) : null!,
        };
        e.SetTimestamp(new DateTimeOffset(e.Timestamp.UtcTicks, TimeSpan.Zero));
        e.Id = Guid.ParseExact(c.GetProperty("id").GetString()!, "N");
        e.StreamId = c.GetProperty("streamId").GetInt32();
        e.Sequence = c.GetProperty("sequence").GetInt64();
        if (Str(element, "h") is { } hash && Str(element, "p") is { } previous)
        {
            e.SetHashes(Convert.FromHexString(previous), Convert.FromHexString(hash));
        }

        if (element.TryGetProperty("s", out var s))
        {
            e.SetSeals(PersonalSeals.FromJson(s));
        }

        return e;
    }

    private static string? Str(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
