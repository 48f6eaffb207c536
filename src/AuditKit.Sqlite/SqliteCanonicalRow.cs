using System.Buffers;
using System.Text;

namespace AuditKit.Sqlite;

/// <summary>
/// Writes an event's canonical form (docs/integrity.md) straight from a row of
/// <c>SELECT {SqliteSchema.ReadColumns}</c>, reading columns as UTF-8 spans: no strings, no event object.
/// The verifier's fast path; <c>SqliteVerifierTests</c> checks it hashes what <see cref="AuditCanonicalForm"/>
/// hashes for the same events. Rows with seals take the event path.
/// </summary>
internal static class SqliteCanonicalRow
{
    public const int Seals = 30;

    private static readonly byte[][] Categories = Names<AuditCategory>(AuditCanonicalForm.CategoryName);
    private static readonly byte[][] Outcomes = Names<AuditOutcome>(AuditCanonicalForm.OutcomeName);
    private static readonly byte[][] Risks = Names<RiskLevel>(AuditCanonicalForm.RiskName);
    private static readonly byte[][] Kinds = Names<ActorKind>(AuditCanonicalForm.KindName);

    public static void Write(SqliteRow s, IBufferWriter<byte> output)
    {
        // Text columns read once each (2 native calls); the ordinals are SqliteSchema.EventColumns'.
        Span<SqliteColumn> c = stackalloc SqliteColumn[28];
        c[3] = s.Column(3);
        c[5] = s.Column(5);
        for (var i = 8; i <= 12; i++)
        {
            c[i] = s.Column(i);
        }

        for (var i = 14; i <= 27; i++)
        {
            c[i] = s.Column(i);
        }

        var w = new CanonicalJsonWriter(output);
        w.StartObject();
        w.Utf8String("action"u8, SqliteRow.Span(c[5]));
        if (!s.IsNull(13))
        {
            w.Property("actor"u8);
            w.StartObject();
            Str(ref w, "email"u8, c[11]);
            Str(ref w, "id"u8, c[9]);
            w.Utf8String("kind"u8, Name(Kinds, s.Int64(13), v => AuditCanonicalForm.KindName((ActorKind)v)));
            Str(ref w, "name"u8, c[10]);
            Str(ref w, "role"u8, c[12]);
            w.EndObject();
        }

        w.Utf8String("category"u8, Name(Categories, s.Int64(4), v => AuditCanonicalForm.CategoryName((AuditCategory)v)));
        if (!c[24].IsNull)
        {
            w.Property("changes"u8);
            w.RawValue(SqliteRow.Span(c[24]));
        }

        if (!c[14].IsNull || !c[15].IsNull || !c[16].IsNull || !c[17].IsNull || !c[18].IsNull)
        {
            w.Property("client"u8);
            w.StartObject();
            Str(ref w, "device"u8, c[17]);
            Str(ref w, "ipAddress"u8, c[14]);
            Str(ref w, "location"u8, c[15]);
            Str(ref w, "sessionId"u8, c[18]);
            Str(ref w, "userAgent"u8, c[16]);
            w.EndObject();
        }

        Str(ref w, "correlationId"u8, c[25]);
        w.HexString("id"u8, s.Bytes(1));
        Str(ref w, "message"u8, c[8]);
        if (!c[27].IsNull)
        {
            w.Property("metadata"u8);
            w.RawValue(SqliteRow.Span(c[27]));
        }

        w.Utf8String("outcome"u8, Name(Outcomes, s.Int64(6), v => AuditCanonicalForm.OutcomeName((AuditOutcome)v)));
        w.Utf8String("risk"u8, Name(Risks, s.Int64(7), v => AuditCanonicalForm.RiskName((RiskLevel)v)));
        var key = s.Int64(0);
        w.Number("sequence"u8, AuditStreamKey.SequenceOf(key));
        w.Number("streamId"u8, AuditStreamKey.StreamOf(key));
        if (!c[19].IsNull || !c[20].IsNull || !c[21].IsNull || !c[22].IsNull || !c[23].IsNull)
        {
            w.Property("target"u8);
            w.StartObject();
            Str(ref w, "component"u8, c[23]);
            Str(ref w, "entityType"u8, c[19]);
            Str(ref w, "module"u8, c[22]);
            Str(ref w, "recordId"u8, c[20]);
            Str(ref w, "recordName"u8, c[21]);
            w.EndObject();
        }

        Str(ref w, "tenantId"u8, c[3]);
        w.TimestampString("timestamp"u8, s.Int64(2));
        Str(ref w, "traceId"u8, c[26]);
        w.EndObject();
    }

    /// <summary>The row as an event (for rows with seals, whose canonical form needs the seal logic).</summary>
    public static AuditEvent ToEvent(SqliteRow s) => ReadRow(s).ToEvent();

    /// <summary>The row's columns as a <see cref="StoredEventRow"/>.</summary>
    public static StoredEventRow ReadRow(SqliteRow s) => new()
    {
        Key = s.Int64(0),
        Id = s.Bytes(1).ToArray(),
        Ts = s.Int64(2),
        TenantId = Text(s, 3),
        Category = s.Int64(4),
        Action = Text(s, 5) ?? string.Empty,
        Outcome = s.Int64(6),
        Risk = s.Int64(7),
        Message = Text(s, 8),
        ActorId = Text(s, 9),
        ActorName = Text(s, 10),
        ActorEmail = Text(s, 11),
        ActorRole = Text(s, 12),
        ActorKind = s.IsNull(13) ? null : s.Int64(13),
        ClientIp = Text(s, 14),
        ClientLocation = Text(s, 15),
        ClientUserAgent = Text(s, 16),
        ClientDevice = Text(s, 17),
        ClientSession = Text(s, 18),
        EntityType = Text(s, 19),
        RecordId = Text(s, 20),
        RecordName = Text(s, 21),
        Module = Text(s, 22),
        Component = Text(s, 23),
        Changes = Text(s, 24),
        CorrelationId = Text(s, 25),
        TraceId = Text(s, 26),
        Metadata = Text(s, 27),
        PrevHash = s.Bytes(28).ToArray(),
        Hash = s.Bytes(29).ToArray(),
        Seals = Text(s, Seals),
    };

    private static string? Text(SqliteRow s, int ordinal) => s.IsNull(ordinal) ? null : Encoding.UTF8.GetString(s.Bytes(ordinal));

    private static void Str(ref CanonicalJsonWriter w, ReadOnlySpan<byte> name, SqliteColumn column)
    {
        if (!column.IsNull)
        {
            w.Utf8String(name, SqliteRow.Span(column));
        }
    }

    // UTF-8 names indexed by value (null where no value is defined).
    private static byte[][] Names<TEnum>(Func<TEnum, string> name)
        where TEnum : struct, Enum
    {
        var values = Enum.GetValues<TEnum>();
        var names = new byte[values.Max(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture)) + 1][];
        foreach (var value in values)
        {
            names[Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)] = Encoding.UTF8.GetBytes(name(value));
        }

        return names;
    }

    // An undefined value (a tampered row) is named the way the event path names it.
    private static ReadOnlySpan<byte> Name(byte[][] names, long value, Func<long, string> fallback) =>
        value >= 0 && value < names.Length && names[value] is { } known ? known : Encoding.UTF8.GetBytes(fallback(value));
}
