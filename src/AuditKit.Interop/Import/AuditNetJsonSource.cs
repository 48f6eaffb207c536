using System.Runtime.CompilerServices;
using System.Text.Json;

namespace AuditKit.Interop;

/// <summary>
/// Reads Audit.NET's JSON events (its <c>AuditEvent</c>: EventType, Environment, StartDate, ..., EntityFrameworkEvent with
/// Entries of Action, Name/Table, PrimaryKey, Changes [ColumnName, OriginalValue, NewValue] and ColumnValues) from files
/// holding one event, an array of events, or JSON Lines. Each Entity Framework entry becomes one record change; an event
/// without one becomes one user action named by its EventType. Property names are matched without regard to case.
/// </summary>
internal sealed class AuditNetJsonSource(IReadOnlyList<string> files, string sourceName, TimeZoneInfo zone)
{
    public const string Kind = "audit.net";

    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    public async IAsyncEnumerable<ImportedRow> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            var index = 0;
            await foreach (var root in ReadEventsAsync(file, cancellationToken).ConfigureAwait(false))
            {
                using (root)
                {
                    foreach (var row in Map(root.RootElement, $"{name}:{index}"))
                    {
                        yield return row;
                    }
                }

                index++;
            }
        }
    }

    private static async IAsyncEnumerable<JsonDocument> ReadEventsAsync(string file, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var text = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
        var trimmed = text.AsSpan().TrimStart();
        if (trimmed.Length == 0)
        {
            yield break;
        }

        JsonDocument? whole = null;
        if (trimmed[0] == '[')
        {
            whole = Parse(text, file, 1);
        }
        else
        {
            try
            {
                whole = JsonDocument.Parse(text, DocumentOptions);
            }
            catch (JsonException)
            {
                whole = null; // JSON Lines: several objects, one a line
            }
        }

        if (whole is not null)
        {
            if (whole.RootElement.ValueKind == JsonValueKind.Array)
            {
                using (whole)
                {
                    foreach (var item in whole.RootElement.EnumerateArray())
                    {
                        yield return JsonDocument.Parse(item.GetRawText());
                    }
                }
            }
            else
            {
                yield return whole;
            }

            yield break;
        }

        var line = 0;
        foreach (var content in text.Split('\n'))
        {
            line++;
            if (!string.IsNullOrWhiteSpace(content))
            {
                yield return Parse(content, file, line);
            }
        }
    }

    private static JsonDocument Parse(string json, string file, int line)
    {
        try
        {
            return JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{Path.GetFileName(file)} (line {line}) is not an Audit.NET JSON event: {ex.Message}", ex);
        }
    }

    internal IEnumerable<ImportedRow> Map(JsonElement e, string eventRow)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"Audit.NET event {eventRow} is not a JSON object.");
        }

        var eventType = Str(e, "EventType");
        var start = Prop(e, "StartDate") is { ValueKind: JsonValueKind.String } s
            ? ImportValues.ParseTime(s.GetString()!, zone, $"Audit.NET event {eventRow} StartDate")
            : throw new InvalidDataException($"Audit.NET event {eventRow} has no StartDate.");
        var environment = Prop(e, "Environment");
        var user = environment is { } env ? Str(env, "UserName") : null;
        var actor = user is null ? null : new AuditActor(user, user);
        var ef = Prop(e, "EntityFrameworkEvent");
        var entries = ef is { } efEvent && Prop(efEvent, "Entries") is { ValueKind: JsonValueKind.Array } list ? list : (JsonElement?)null;
        if (entries is null)
        {
            var metadata = Metadata(eventRow, e, environment, ef);
            yield return new ImportedRow(eventRow, new AuditEvent(AuditCategory.UserAction, eventType ?? "AuditNetEvent")
            {
                Timestamp = start,
                Actor = actor,
                Message = eventType,
                Target = Prop(e, "Target") is { } target ? new AuditTarget(Str(target, "Type")) : null,
                Changes = TargetChanges(Prop(e, "Target")),
                Metadata = metadata,
            });
            yield break;
        }

        var success = ef is { } f && Prop(f, "Success") is { ValueKind: JsonValueKind.False } ? AuditOutcome.Failure : AuditOutcome.Success;
        var transaction = ef is { } t ? Str(t, "TransactionId") : null;
        var entryIndex = 0;
        foreach (var entry in entries.Value.EnumerateArray())
        {
            var rowId = $"{eventRow}:{entryIndex++}";
            var sourceAction = Str(entry, "Action") ?? "Update";
            var action = sourceAction switch
            {
                "Insert" => AuditActions.Create,
                "Update" => AuditActions.Update,
                "Delete" => AuditActions.Delete,
                _ => sourceAction,
            };
            var entityType = Str(entry, "Name") ?? Str(entry, "Table") ?? "Entity";
            var metadata = Metadata(rowId, e, environment, ef);
            ImportMetadata.Add(metadata, "audit_net.table", Str(entry, "Table"));
            ImportMetadata.Add(metadata, "audit_net.schema", Str(entry, "Schema"));
            yield return new ImportedRow(rowId, new AuditEvent(AuditCategory.RecordChange, action)
            {
                Timestamp = start,
                Actor = actor,
                Outcome = success,
                Message = $"{action} {entityType}",
                Target = new AuditTarget(entityType, PrimaryKey(Prop(entry, "PrimaryKey"))),
                Changes = EntryChanges(entry, action),
                CorrelationId = transaction,
                Metadata = metadata,
            });
        }
    }

    private Dictionary<string, JsonElement> Metadata(string rowId, JsonElement e, JsonElement? environment, JsonElement? ef)
    {
        var metadata = ImportMetadata.Create(Kind, rowId);
        ImportMetadata.Add(metadata, ImportMetadata.Name, sourceName);
        ImportMetadata.Add(metadata, "audit_net.event_type", Str(e, "EventType"));
        if (environment is { } env)
        {
            ImportMetadata.Add(metadata, "audit_net.machine", Str(env, "MachineName"));
            ImportMetadata.Add(metadata, "audit_net.calling_method", Str(env, "CallingMethodName"));
        }

        if (ef is { } f)
        {
            ImportMetadata.Add(metadata, "audit_net.database", Str(f, "Database"));
            ImportMetadata.Add(metadata, "audit_net.error", Str(f, "ErrorMessage") is { } error ? ImportValues.Clip(error) : null);
        }

        if (Prop(e, "Duration") is { ValueKind: JsonValueKind.Number } duration && duration.TryGetInt64(out var ms))
        {
            metadata["audit_net.duration_ms"] = AuditMetadata.ToJson(ms);
        }

        return metadata;
    }

    private static List<FieldChange> EntryChanges(JsonElement entry, string action)
    {
        var changes = new List<FieldChange>();
        if (action == AuditActions.Update && Prop(entry, "Changes") is { ValueKind: JsonValueKind.Array } list)
        {
            foreach (var change in list.EnumerateArray())
            {
                var column = Str(change, "ColumnName");
                if (column is null)
                {
                    continue;
                }

                changes.Add(new FieldChange(column, Value(change, "OriginalValue"), Value(change, "NewValue")));
            }

            return changes;
        }

        if (Prop(entry, "ColumnValues") is { ValueKind: JsonValueKind.Object } values)
        {
            foreach (var column in values.EnumerateObject())
            {
                var value = ImportValues.Text(column.Value);
                changes.Add(action == AuditActions.Delete
                    ? new FieldChange(column.Name, value, null, FieldChangeKind.Removed)
                    : new FieldChange(column.Name, null, value, FieldChangeKind.Added));
            }
        }

        return changes;
    }

    // A custom (non-EF) event's Target: { Type, Old, New } — the top-level properties that differ become changes.
    private static List<FieldChange> TargetChanges(JsonElement? target)
    {
        var changes = new List<FieldChange>();
        if (target is not { } t)
        {
            return changes;
        }

        var old = Prop(t, "Old") is { ValueKind: JsonValueKind.Object } o ? o : (JsonElement?)null;
        var @new = Prop(t, "New") is { ValueKind: JsonValueKind.Object } n ? n : (JsonElement?)null;
        var names = new List<string>();
        foreach (var side in new[] { old, @new })
        {
            if (side is { } obj)
            {
                names.AddRange(obj.EnumerateObject().Select(p => p.Name).Where(p => !names.Contains(p, StringComparer.Ordinal)));
            }
        }

        foreach (var name in names)
        {
            var before = old is { } ob && ob.TryGetProperty(name, out var b) ? ImportValues.Text(b) : null;
            var after = @new is { } nb && nb.TryGetProperty(name, out var a) ? ImportValues.Text(a) : null;
            if (before != after)
            {
                changes.Add(new FieldChange(name, before, after, before is null ? FieldChangeKind.Added : after is null ? FieldChangeKind.Removed : FieldChangeKind.Modified));
            }
        }

        return changes;
    }

    private static string? PrimaryKey(JsonElement? key)
    {
        if (key is not { ValueKind: JsonValueKind.Object } k)
        {
            return null;
        }

        var parts = k.EnumerateObject().Select(p => (p.Name, Value: ImportValues.Text(p.Value))).ToList();
        return parts.Count == 1 ? parts[0].Value : string.Join(",", parts.Select(p => $"{p.Name}={p.Value}"));
    }

    private static string? Value(JsonElement e, string name) => Prop(e, name) is { } v ? ImportValues.Text(v) : null;

    private static string? Str(JsonElement e, string name) => Prop(e, name) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

    private static JsonElement? Prop(JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (e.TryGetProperty(name, out var exact))
        {
            return exact;
        }

        foreach (var p in e.EnumerateObject())
        {
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return p.Value;
            }
        }

        return null;
    }
}
