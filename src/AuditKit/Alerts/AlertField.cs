using System.Globalization;
using System.Text.Json;

namespace AuditKit;

/// <summary>
/// Reads one field of an event by its alert path (<c>actor.role</c>, <c>metadata.record_count</c>, <c>changed.Status</c>):
/// compiled once per rule into a delegate, so evaluation does no string parsing.
/// </summary>
internal static class AlertField
{
    /// <summary>The value of a field: text (always, when present) and a number when it is one.</summary>
    internal readonly record struct Value(string? Text, double? Number)
    {
        public static readonly Value Missing = new(null, null);

        public bool Present => Text is not null;

        public static Value Of(string? text) => new(text, null);
    }

    /// <summary>The multi-valued path: the names of the changed fields.</summary>
    public const string Changed = "changed";

    /// <summary>Compiles a path into a reader; throws naming the field when the path is unknown.</summary>
    public static Func<AuditEvent, Value> Compile(string path, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path, parameterName);
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var head = path[..dot];
            var rest = path[(dot + 1)..];
            if (rest.Length == 0)
            {
                throw Unknown(path, parameterName);
            }

            if (head.Equals("metadata", StringComparison.OrdinalIgnoreCase))
            {
                return e => e.Metadata.TryGetValue(rest, out var json) ? FromJson(json) : Value.Missing;
            }

            if (head.Equals("changed", StringComparison.OrdinalIgnoreCase))
            {
                return e => FindChange(e, rest) is { } c ? Value.Of(c.NewValue ?? "") : Value.Missing;
            }

            if (head.Equals("changedFrom", StringComparison.OrdinalIgnoreCase))
            {
                return e => FindChange(e, rest) is { } c ? Value.Of(c.OldValue ?? "") : Value.Missing;
            }
        }

        return path.ToLowerInvariant() switch
        {
            "category" => e => Value.Of(e.Category.ToString()),
            "action" => e => Value.Of(e.Action),
            "outcome" => e => Value.Of(e.Outcome.ToString()),
            "risk" => e => new Value(e.Risk.ToString(), (int)e.Risk),
            "message" => e => Value.Of(e.Message),
            "tenant" or "tenantid" => e => Value.Of(e.TenantId),
            "entity" or "entitytype" or "target.entitytype" => e => Value.Of(e.Target?.EntityType),
            "recordid" or "target.recordid" => e => Value.Of(e.Target?.RecordId),
            "recordname" or "target.recordname" => e => Value.Of(e.Target?.RecordName),
            "module" or "target.module" => e => Value.Of(e.Target?.Module),
            "component" or "target.component" => e => Value.Of(e.Target?.Component),
            "user" or "actor" or "actor.id" => e => Value.Of(e.Actor?.Id),
            "actor.name" or "user_name" => e => Value.Of(e.Actor?.Name),
            "actor.email" => e => Value.Of(e.Actor?.Email),
            "role" or "actor.role" => e => Value.Of(e.Actor?.Role),
            "actor.kind" => e => e.Actor is null ? Value.Missing : Value.Of(e.Actor.Kind.ToString()),
            "ip" or "client.ip" or "client.ipaddress" => e => Value.Of(e.Client?.IpAddress),
            "client.location" or "location" => e => Value.Of(e.Client?.Location),
            "client.device" or "device" => e => Value.Of(e.Client?.Device),
            "client.sessionid" or "sessionid" => e => Value.Of(e.Client?.SessionId),
            "correlationid" => e => Value.Of(e.CorrelationId),
            _ => throw Unknown(path, parameterName),
        };
    }

    /// <summary>Text of a JSON metadata value, with its number when it is one.</summary>
    public static Value FromJson(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.Number => new Value(json.GetRawText(), json.TryGetDouble(out var d) ? d : null),
        JsonValueKind.String => Value.Of(json.GetString()),
        JsonValueKind.True => Value.Of("true"),
        JsonValueKind.False => Value.Of("false"),
        JsonValueKind.Null or JsonValueKind.Undefined => Value.Missing,
        _ => Value.Of(json.GetRawText()),
    };

    /// <summary>Formats a number the way the templates and group keys show it.</summary>
    public static string Format(double value) => value.ToString("0.############", CultureInfo.InvariantCulture);

    private static FieldChange? FindChange(AuditEvent e, string field)
    {
        foreach (var change in e.Changes)
        {
            if (string.Equals(change.Field, field, StringComparison.OrdinalIgnoreCase))
            {
                return change;
            }
        }

        return null;
    }

    private static ArgumentException Unknown(string path, string parameterName) =>
        new($"Unknown alert field '{path}' in {parameterName}: use category, action, outcome, risk, message, tenant, entityType, recordId, recordName, module, component, actor.id, actor.name, actor.email, actor.role, actor.kind, ip, location, device, sessionId, correlationId, metadata.<key>, changed, changed.<field> or changedFrom.<field>.", parameterName);
}
