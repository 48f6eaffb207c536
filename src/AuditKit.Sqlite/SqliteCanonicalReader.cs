using System.Buffers;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace AuditKit.Sqlite;

/// <summary>
/// Writes an event's canonical form (docs/integrity.md) straight from a <c>SELECT {SqliteSchema.EventColumns}</c>
/// row, text columns as their stored UTF-8 bytes: no AuditEvent, no string decoding. Verification of a large
/// log runs on this; the member order must stay that of <see cref="AuditCanonicalForm.Write"/>, which the
/// tamper and conformance tests check by verifying logs written through the ordinary path.
/// </summary>
internal sealed class SqliteCanonicalReader
{
    private static readonly string[] Categories = ["RecordChange", "UserAction", "Security", "System", "ApiRequest", "DataAccess"];
    private static readonly string[] Outcomes = ["Success", "Warning", "Failure", "Denied"];
    private static readonly string[] Risks = ["None", "Low", "Medium", "High", "Critical"];
    private static readonly string[] Kinds = ["User", "System", "ApiClient", "Integration"];

    private readonly ArrayBufferWriter<byte> _buffer = new(2048);
    private byte[] _scratch = new byte[4096];

    public CanonicalRecord Read(SqliteDataReader r)
    {
        var key = r.GetInt64(0);
        _buffer.ResetWrittenCount();
        var w = new CanonicalJsonWriter(_buffer);
        w.StartObject();
        Text(ref w, r, "action", 5);
        if (!r.IsDBNull(13))
        {
            w.Property("actor");
            w.StartObject();
            Text(ref w, r, "email", 11);
            Text(ref w, r, "id", 9);
            w.String("kind", Name(Kinds, r.GetInt64(13)));
            Text(ref w, r, "name", 10);
            Text(ref w, r, "role", 12);
            w.EndObject();
        }

        w.String("category", Name(Categories, r.GetInt64(4)));
        Raw(ref w, r, "changes", 24);
        if (AnyValue(r, 14, 18))
        {
            w.Property("client");
            w.StartObject();
            Text(ref w, r, "device", 17);
            Text(ref w, r, "ipAddress", 14);
            Text(ref w, r, "location", 15);
            Text(ref w, r, "sessionId", 18);
            Text(ref w, r, "userAgent", 16);
            w.EndObject();
        }

        Text(ref w, r, "correlationId", 25);
        w.String("id", Convert.ToHexStringLower((byte[])r.GetValue(1)));
        Text(ref w, r, "message", 8);
        Raw(ref w, r, "metadata", 27);
        w.String("outcome", Name(Outcomes, r.GetInt64(6)));
        w.String("risk", Name(Risks, r.GetInt64(7)));
        w.Number("sequence", AuditStreamKey.SequenceOf(key));
        w.Number("streamId", AuditStreamKey.StreamOf(key));
        if (AnyValue(r, 19, 23))
        {
            w.Property("target");
            w.StartObject();
            Text(ref w, r, "component", 23);
            Text(ref w, r, "entityType", 19);
            Text(ref w, r, "module", 22);
            Text(ref w, r, "recordId", 20);
            Text(ref w, r, "recordName", 21);
            w.EndObject();
        }

        Text(ref w, r, "tenantId", 3);
        w.String("timestamp", AuditCanonicalForm.FormatTimestamp(AuditCursor.FromMicros(r.GetInt64(2))));
        Text(ref w, r, "traceId", 26);
        w.EndObject();
        return new CanonicalRecord(AuditStreamKey.SequenceOf(key), (byte[])r.GetValue(28), (byte[])r.GetValue(29), _buffer.WrittenSpan.ToArray());
    }

    private void Text(ref CanonicalJsonWriter w, SqliteDataReader r, string name, int ordinal)
    {
        if (!r.IsDBNull(ordinal))
        {
            w.StringUtf8(name, Utf8(r, ordinal));
        }
    }

    private void Raw(ref CanonicalJsonWriter w, SqliteDataReader r, string name, int ordinal)
    {
        if (!r.IsDBNull(ordinal))
        {
            w.Property(name);
            w.RawValue(Utf8(r, ordinal));
        }
    }

    // A TEXT column's bytes as SQLite stores them (UTF-8), copied into a reused buffer.
    private ReadOnlySpan<byte> Utf8(SqliteDataReader r, int ordinal)
    {
        var length = (int)r.GetBytes(ordinal, 0, null, 0, 0);
        if (length > _scratch.Length)
        {
            _scratch = new byte[Math.Max(length, _scratch.Length * 2)];
        }

        r.GetBytes(ordinal, 0, _scratch, 0, length);
        return _scratch.AsSpan(0, length);
    }

    private static bool AnyValue(SqliteDataReader r, int first, int last)
    {
        for (var i = first; i <= last; i++)
        {
            if (!r.IsDBNull(i))
            {
                return true;
            }
        }

        return false;
    }

    private static string Name(string[] names, long value) =>
        value >= 0 && value < names.Length ? names[value] : value.ToString(CultureInfo.InvariantCulture);
}
