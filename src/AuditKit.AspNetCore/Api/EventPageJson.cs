using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text.Unicode;
using System.Text.Json;
using AuditKit.Providers;

namespace AuditKit.AspNetCore;

/// <summary>
/// Writes a page of events (<see cref="EventPageResponse"/>) as JSON straight to the response body, the bytes
/// <see cref="JsonSerializer"/> writes for it with <see cref="AuditApiJson.Options"/> (EventPageJsonTests compares them
/// for every field, null and escape), without the serializer's per-property metadata walk: the log viewer's page is
/// the API's hottest response (docs/benchmarks.md, "Audit API under HTTP load"). A page whose store kept its rows
/// (<see cref="IStoredEventRows"/>, the SQLite log page) is written from the rows without building events: the same
/// bytes, with stored metadata copied as it is when re-writing it could not change a byte.
/// </summary>
internal static class EventPageJson
{
    // A long page is handed to the connection in parts of about this size.
    private const int FlushBytes = 32 * 1024;

    private static readonly JsonEncodedText Items = JsonEncodedText.Encode("items");
    private static readonly JsonEncodedText NextCursor = JsonEncodedText.Encode("nextCursor");
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText StreamId = JsonEncodedText.Encode("streamId");
    private static readonly JsonEncodedText Sequence = JsonEncodedText.Encode("sequence");
    private static readonly JsonEncodedText DisplayId = JsonEncodedText.Encode("displayId");
    private static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText TenantId = JsonEncodedText.Encode("tenantId");
    private static readonly JsonEncodedText Category = JsonEncodedText.Encode("category");
    private static readonly JsonEncodedText Action = JsonEncodedText.Encode("action");
    private static readonly JsonEncodedText Outcome = JsonEncodedText.Encode("outcome");
    private static readonly JsonEncodedText Risk = JsonEncodedText.Encode("risk");
    private static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText Actor = JsonEncodedText.Encode("actor");
    private static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText Email = JsonEncodedText.Encode("email");
    private static readonly JsonEncodedText Role = JsonEncodedText.Encode("role");
    private static readonly JsonEncodedText Kind = JsonEncodedText.Encode("kind");
    private static readonly JsonEncodedText Client = JsonEncodedText.Encode("client");
    private static readonly JsonEncodedText IpAddress = JsonEncodedText.Encode("ipAddress");
    private static readonly JsonEncodedText Location = JsonEncodedText.Encode("location");
    private static readonly JsonEncodedText UserAgent = JsonEncodedText.Encode("userAgent");
    private static readonly JsonEncodedText Device = JsonEncodedText.Encode("device");
    private static readonly JsonEncodedText SessionId = JsonEncodedText.Encode("sessionId");
    private static readonly JsonEncodedText Target = JsonEncodedText.Encode("target");
    private static readonly JsonEncodedText EntityType = JsonEncodedText.Encode("entityType");
    private static readonly JsonEncodedText RecordId = JsonEncodedText.Encode("recordId");
    private static readonly JsonEncodedText RecordName = JsonEncodedText.Encode("recordName");
    private static readonly JsonEncodedText Module = JsonEncodedText.Encode("module");
    private static readonly JsonEncodedText Component = JsonEncodedText.Encode("component");
    private static readonly JsonEncodedText Changes = JsonEncodedText.Encode("changes");
    private static readonly JsonEncodedText Field = JsonEncodedText.Encode("field");
    private static readonly JsonEncodedText OldValue = JsonEncodedText.Encode("oldValue");
    private static readonly JsonEncodedText NewValue = JsonEncodedText.Encode("newValue");
    private static readonly JsonEncodedText DisplayName = JsonEncodedText.Encode("displayName");
    private static readonly JsonEncodedText OldDisplay = JsonEncodedText.Encode("oldDisplay");
    private static readonly JsonEncodedText NewDisplay = JsonEncodedText.Encode("newDisplay");
    private static readonly JsonEncodedText IsPersonal = JsonEncodedText.Encode("isPersonal");
    private static readonly JsonEncodedText ShownOldValue = JsonEncodedText.Encode("shownOldValue");
    private static readonly JsonEncodedText ShownNewValue = JsonEncodedText.Encode("shownNewValue");
    private static readonly JsonEncodedText CorrelationId = JsonEncodedText.Encode("correlationId");
    private static readonly JsonEncodedText TraceId = JsonEncodedText.Encode("traceId");
    private static readonly JsonEncodedText Metadata = JsonEncodedText.Encode("metadata");
    private static readonly JsonEncodedText Erasures = JsonEncodedText.Encode("erasures");
    private static readonly JsonEncodedText At = JsonEncodedText.Encode("at");
    private static readonly JsonEncodedText ErasedBy = JsonEncodedText.Encode("erasedBy");
    private static readonly JsonEncodedText Reason = JsonEncodedText.Encode("reason");
    private static readonly JsonEncodedText Fields = JsonEncodedText.Encode("fields");
    private static readonly JsonEncodedText PreviousHash = JsonEncodedText.Encode("previousHash");
    private static readonly JsonEncodedText Hash = JsonEncodedText.Encode("hash");

    /// <summary>Writes the page to <paramref name="body"/>, flushing it every ~32 KB and at the end.</summary>
    public static async Task WriteAsync(PipeWriter body, IReadOnlyList<AuditEvent> items, string? nextCursor, CancellationToken cancellationToken)
    {
        await using var writer = new Utf8JsonWriter(body, WriterOptions());
        writer.WriteStartObject();
        writer.WriteStartArray(Items);
        var rows = (items as IStoredEventRows)?.Rows;
        for (var i = 0; i < items.Count; i++)
        {
            WriteItem(writer, items, rows, i);
            if (writer.BytesPending >= FlushBytes)
            {
                writer.Flush();
                await body.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        writer.WriteEndArray();
        WriteString(writer, NextCursor, nextCursor);
        writer.WriteEndObject();
        writer.Flush();
        await body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the page to <paramref name="output"/> (tests and benchmarks).</summary>
    public static void Write(IBufferWriter<byte> output, IReadOnlyList<AuditEvent> items, string? nextCursor)
    {
        using var writer = new Utf8JsonWriter(output, WriterOptions());
        writer.WriteStartObject();
        writer.WriteStartArray(Items);
        var rows = (items as IStoredEventRows)?.Rows;
        for (var i = 0; i < items.Count; i++)
        {
            WriteItem(writer, items, rows, i);
        }

        writer.WriteEndArray();
        WriteString(writer, NextCursor, nextCursor);
        writer.WriteEndObject();
    }

    // The serializer's writer settings for the API's options (its encoder; not indented).
    private static JsonWriterOptions WriterOptions() => new()
    {
        Encoder = AuditApiJson.Options.Encoder,
        Indented = AuditApiJson.Options.WriteIndented,
        SkipValidation = true,
    };

    private static void WriteItem(Utf8JsonWriter w, IReadOnlyList<AuditEvent> items, IReadOnlyList<StoredEventRow>? rows, int index)
    {
        if (rows is not null && rows.Count == items.Count)
        {
            WriteRow(w, rows[index]);
        }
        else
        {
            WriteEvent(w, items[index]);
        }
    }

    // The event StoredEventRow.ToEvent would build, written without building it: the same members in the same order
    // (WriteEvent's). A row with seals (erasure receipts, sealed personal values) is written through its event.
    private static void WriteRow(Utf8JsonWriter w, StoredEventRow row)
    {
        if (row.Seals is not null)
        {
            WriteEvent(w, row.ToEvent());
            return;
        }

        var streamId = AuditStreamKey.StreamOf(row.Key);
        var sequence = AuditStreamKey.SequenceOf(row.Key);
        var timestamp = AuditCursor.FromMicros(row.Ts);
        w.WriteStartObject();
        w.WriteString(Id, new Guid(row.Id, bigEndian: true));
        w.WriteNumber(StreamId, streamId);
        w.WriteNumber(Sequence, sequence);
        WriteDisplayId(w, timestamp.Year, streamId, sequence);
        w.WriteString(Timestamp, timestamp);
        WriteString(w, TenantId, row.TenantId);
        WriteEnum(w, Category, (AuditCategory)row.Category);
        w.WriteString(Action, row.Action);
        WriteEnum(w, Outcome, (AuditOutcome)row.Outcome);
        WriteEnum(w, Risk, (RiskLevel)row.Risk);
        WriteString(w, Message, row.Message);
        if (row.ActorKind is { } kind)
        {
            w.WriteStartObject(Actor);
            WriteString(w, Id, row.ActorId);
            WriteString(w, Name, row.ActorName);
            WriteString(w, Email, row.ActorEmail);
            WriteString(w, Role, row.ActorRole);
            WriteEnum(w, Kind, (ActorKind)kind);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull(Actor);
        }

        if (row.ClientIp is null && row.ClientLocation is null && row.ClientUserAgent is null && row.ClientDevice is null && row.ClientSession is null)
        {
            w.WriteNull(Client);
        }
        else
        {
            w.WriteStartObject(Client);
            WriteString(w, IpAddress, row.ClientIp);
            WriteString(w, Location, row.ClientLocation);
            WriteString(w, UserAgent, row.ClientUserAgent);
            WriteString(w, Device, row.ClientDevice);
            WriteString(w, SessionId, row.ClientSession);
            w.WriteEndObject();
        }

        if (row.EntityType is null && row.RecordId is null && row.RecordName is null && row.Module is null && row.Component is null)
        {
            w.WriteNull(Target);
        }
        else
        {
            w.WriteStartObject(Target);
            WriteString(w, EntityType, row.EntityType);
            WriteString(w, RecordId, row.RecordId);
            WriteString(w, RecordName, row.RecordName);
            WriteString(w, Module, row.Module);
            WriteString(w, Component, row.Component);
            w.WriteEndObject();
        }

        w.WriteStartArray(Changes);
        if (row.Changes is { } changes)
        {
            foreach (var change in StoredJson.ReadChanges(changes))
            {
                WriteChange(w, change);
            }
        }

        w.WriteEndArray();
        WriteString(w, CorrelationId, row.CorrelationId);
        WriteString(w, TraceId, row.TraceId);
        if (row.Metadata is not { } metadata)
        {
            w.WriteStartObject(Metadata);
            w.WriteEndObject();
        }
        else if (StoredMetadata.IsWrittenAsItIs(metadata))
        {
            w.WritePropertyName(Metadata);
            w.WriteRawValue(metadata, skipInputValidation: true);
        }
        else
        {
            w.WriteStartObject(Metadata);
            foreach (var (key, value) in StoredJson.ReadMetadata(metadata))
            {
                w.WritePropertyName(key);
                value.WriteTo(w);
            }

            w.WriteEndObject();
        }

        w.WriteStartArray(Erasures);
        w.WriteEndArray();
        WriteHex(w, PreviousHash, row.PrevHash);
        WriteHex(w, Hash, row.Hash);
        w.WriteEndObject();
    }

    // Convert.ToHexStringLower's text (AuditEvent.PreviousHash and Hash) without the string; hex digits need no escape.
    private static void WriteHex(Utf8JsonWriter w, JsonEncodedText name, byte[] bytes)
    {
        if (bytes.Length > 64)
        {
            w.WriteString(name, Convert.ToHexStringLower(bytes));
            return;
        }

        Span<byte> quoted = stackalloc byte[130];
        quoted[0] = (byte)'"';
        Convert.TryToHexStringLower(bytes, quoted[1..], out var written);
        quoted[written + 1] = (byte)'"';
        w.WritePropertyName(name);
        w.WriteRawValue(quoted[..(written + 2)], skipInputValidation: true);
    }

    // AuditEvent.DisplayId (AuditEventDisplayId.Format) without the string: ASCII letters, digits and '-', no escape.
    private static void WriteDisplayId(Utf8JsonWriter w, int year, int streamId, long sequence)
    {
        Span<byte> quoted = stackalloc byte[64];
        int written;
        var formatted = sequence == 0
            ? Utf8.TryWrite(quoted, CultureInfo.InvariantCulture, $"\"\"", out written)
            : streamId == 1
                ? Utf8.TryWrite(quoted, CultureInfo.InvariantCulture, $"\"LOG-{year:D4}-{sequence}\"", out written)
                : Utf8.TryWrite(quoted, CultureInfo.InvariantCulture, $"\"LOG-{year:D4}-S{streamId}-{sequence}\"", out written);
        if (!formatted)
        {
            w.WriteString(DisplayId, AuditEventDisplayId.Format(year, streamId, sequence));
            return;
        }

        w.WritePropertyName(DisplayId);
        w.WriteRawValue(quoted[..written], skipInputValidation: true);
    }

    // Member order is AuditEvent's declaration order, the order the serializer uses.
    private static void WriteEvent(Utf8JsonWriter w, AuditEvent e)
    {
        w.WriteStartObject();
        w.WriteString(Id, e.Id);
        w.WriteNumber(StreamId, e.StreamId);
        w.WriteNumber(Sequence, e.Sequence);
        w.WriteString(DisplayId, e.DisplayId);
        w.WriteString(Timestamp, e.Timestamp);
        WriteString(w, TenantId, e.TenantId);
        WriteEnum(w, Category, e.Category);
        w.WriteString(Action, e.Action);
        WriteEnum(w, Outcome, e.Outcome);
        WriteEnum(w, Risk, e.Risk);
        WriteString(w, Message, e.Message);
        WriteActor(w, e.Actor);
        WriteClient(w, e.Client);
        WriteTarget(w, e.Target);
        w.WriteStartArray(Changes);
        foreach (var change in e.Changes)
        {
            WriteChange(w, change);
        }

        w.WriteEndArray();
        WriteString(w, CorrelationId, e.CorrelationId);
        WriteString(w, TraceId, e.TraceId);
        w.WriteStartObject(Metadata);
        foreach (var (key, value) in e.Metadata)
        {
            w.WritePropertyName(key);
            value.WriteTo(w);
        }

        w.WriteEndObject();
        w.WriteStartArray(Erasures);
        foreach (var erasure in e.Erasures)
        {
            w.WriteStartObject();
            w.WriteString(At, erasure.At);
            WriteString(w, ErasedBy, erasure.ErasedBy);
            WriteString(w, Reason, erasure.Reason);
            if (erasure.Fields is null)
            {
                w.WriteNull(Fields);
            }
            else
            {
                w.WriteStartArray(Fields);
                foreach (var field in erasure.Fields)
                {
                    w.WriteStringValue(field);
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteString(w, PreviousHash, e.PreviousHash);
        WriteString(w, Hash, e.Hash);
        w.WriteEndObject();
    }

    private static void WriteActor(Utf8JsonWriter w, AuditActor? actor)
    {
        if (actor is null)
        {
            w.WriteNull(Actor);
            return;
        }

        w.WriteStartObject(Actor);
        WriteString(w, Id, actor.Id);
        WriteString(w, Name, actor.Name);
        WriteString(w, Email, actor.Email);
        WriteString(w, Role, actor.Role);
        WriteEnum(w, Kind, actor.Kind);
        w.WriteEndObject();
    }

    private static void WriteClient(Utf8JsonWriter w, AuditClient? client)
    {
        if (client is null)
        {
            w.WriteNull(Client);
            return;
        }

        w.WriteStartObject(Client);
        WriteString(w, IpAddress, client.IpAddress);
        WriteString(w, Location, client.Location);
        WriteString(w, UserAgent, client.UserAgent);
        WriteString(w, Device, client.Device);
        WriteString(w, SessionId, client.SessionId);
        w.WriteEndObject();
    }

    private static void WriteTarget(Utf8JsonWriter w, AuditTarget? target)
    {
        if (target is null)
        {
            w.WriteNull(Target);
            return;
        }

        w.WriteStartObject(Target);
        WriteString(w, EntityType, target.EntityType);
        WriteString(w, RecordId, target.RecordId);
        WriteString(w, RecordName, target.RecordName);
        WriteString(w, Module, target.Module);
        WriteString(w, Component, target.Component);
        w.WriteEndObject();
    }

    private static void WriteChange(Utf8JsonWriter w, FieldChange change)
    {
        w.WriteStartObject();
        WriteString(w, Field, change.Field);
        WriteString(w, OldValue, change.OldValue);
        WriteString(w, NewValue, change.NewValue);
        WriteEnum(w, Kind, change.Kind);
        WriteString(w, DisplayName, change.DisplayName);
        WriteString(w, OldDisplay, change.OldDisplay);
        WriteString(w, NewDisplay, change.NewDisplay);
        w.WriteBoolean(IsPersonal, change.IsPersonal);
        WriteString(w, ShownOldValue, change.ShownOldValue);
        WriteString(w, ShownNewValue, change.ShownNewValue);
        w.WriteEndObject();
    }

    private static void WriteString(Utf8JsonWriter w, JsonEncodedText name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    // JsonStringEnumConverter: the member's name, or the number for a value the enum does not define.
    private static void WriteEnum<TEnum>(Utf8JsonWriter w, JsonEncodedText name, TEnum value)
        where TEnum : struct, Enum
    {
        if (EnumNames<TEnum>.TryGet(value, out var text))
        {
            w.WriteString(name, text);
        }
        else
        {
            w.WriteNumber(name, Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static class EnumNames<TEnum>
        where TEnum : struct, Enum
    {
        private static readonly Dictionary<TEnum, JsonEncodedText> Names = Enum.GetValues<TEnum>().Distinct().ToDictionary(v => v, v => JsonEncodedText.Encode(v.ToString()));

        public static bool TryGet(TEnum value, out JsonEncodedText text) => Names.TryGetValue(value, out text);
    }
}
