using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AuditKit.Providers;

/// <summary>
/// Writes the canonical JSON of docs/integrity.md: keys in ordinal order, no insignificant white space,
/// strings escaped only where JSON requires it (<c>\"</c>, <c>\\</c>, <c>\b \f \n \r \t</c>, other
/// controls as <c>\u00xx</c>), everything else as UTF-8.
/// </summary>
public ref struct CanonicalJsonWriter(IBufferWriter<byte> output)
{
    private static readonly SearchValues<char> NeedsEscape = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000B\f\r\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\"\\");

    private static readonly SearchValues<byte> NeedsEscapeUtf8 = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, (byte)'"', (byte)'\\']);

    private readonly IBufferWriter<byte> _output = output;
    private bool _needComma;

    /// <summary>Opens an object.</summary>
    public void StartObject() => Open((byte)'{');

    /// <summary>Closes an object.</summary>
    public void EndObject() => Close((byte)'}');

    /// <summary>Opens an array.</summary>
    public void StartArray() => Open((byte)'[');

    /// <summary>Closes an array.</summary>
    public void EndArray() => Close((byte)']');

    /// <summary>Writes a member name (the caller writes members in ordinal order).</summary>
    public void Property(string name)
    {
        Separator();
        WriteString(name);
        Raw((byte)':');
        _needComma = false;
    }

    /// <summary>A member name given as ASCII bytes (the row writer's <c>"action"u8</c>): no transcoding, no escaping needed.</summary>
    public void Property(ReadOnlySpan<byte> asciiName)
    {
        Separator();
        Raw((byte)'"');
        Raw(asciiName);
        Raw("\":"u8);
        _needComma = false;
    }

    /// <summary>Writes a string member; a null or empty value is left out, as the canonical form requires.</summary>
    public void String(string name, string? value)
    {
        if (value is not null)
        {
            Property(name);
            StringValue(value);
        }
    }

    /// <summary>Writes a string value (null as JSON null).</summary>
    public void StringValue(string? value)
    {
        Separator();
        if (value is null)
        {
            Raw("null"u8);
        }
        else
        {
            WriteString(value);
        }

        _needComma = true;
    }

    /// <summary>A string member whose value is already UTF-8 (as a store keeps it): escaped by the same rules, bytes otherwise copied.</summary>
    public void Utf8String(ReadOnlySpan<byte> name, ReadOnlySpan<byte> utf8)
    {
        Property(name);
        Separator();
        Raw((byte)'"');
        while (!utf8.IsEmpty)
        {
            var i = utf8.IndexOfAny(NeedsEscapeUtf8);
            Raw(i < 0 ? utf8 : utf8[..i]);
            if (i < 0)
            {
                break;
            }

            Escape((char)utf8[i]);
            utf8 = utf8[(i + 1)..];
        }

        Raw((byte)'"');
        _needComma = true;
    }

    /// <summary>A string member holding lower-case hex of <paramref name="bytes"/>.</summary>
    public void HexString(ReadOnlySpan<byte> name, ReadOnlySpan<byte> bytes)
    {
        Property(name);
        Separator();
        Raw((byte)'"');
        var span = _output.GetSpan(bytes.Length * 2);
        Convert.TryToHexStringLower(bytes, span, out var written);
        _output.Advance(written);
        Raw((byte)'"');
        _needComma = true;
    }

    /// <summary>A string member holding a UTC timestamp from microseconds since the Unix epoch, <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c>.</summary>
    public void TimestampString(ReadOnlySpan<byte> name, long unixMicros)
    {
        Property(name);
        Separator();
        Raw((byte)'"');
        var time = DateTime.UnixEpoch.AddTicks(unixMicros * 10);
        time.TryFormat(_output.GetSpan(32), out var written, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        _output.Advance(written);
        Raw((byte)'"');
        _needComma = true;
    }

    /// <summary>Writes a number member.</summary>
    public void Number(ReadOnlySpan<byte> name, long value)
    {
        Property(name);
        NumberValue(value);
    }

    /// <summary>Writes a number member.</summary>
    public void Number(string name, long value)
    {
        Property(name);
        NumberValue(value);
    }

    private void NumberValue(long value)
    {
        Separator();
        var span = _output.GetSpan(20);
        value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        _output.Advance(written);
        _needComma = true;
    }

    /// <summary>Writes an event's canonical layout with plain values (sealed fields uncommitted) as the current value.</summary>
    public void PlainEventValue(IBufferWriter<byte> output, AuditEvent e)
    {
        Separator();
        AuditCanonicalForm.WritePlain(e, output);
        _needComma = true;
    }

    /// <summary>Writes JSON text that is already canonical (as stores keep changes and metadata).</summary>
    public void RawJson(string json)
    {
        Separator();
        var written = Encoding.UTF8.GetBytes(json, _output.GetSpan(Encoding.UTF8.GetMaxByteCount(json.Length)));
        _output.Advance(written);
        _needComma = true;
    }

    /// <summary>Writes JSON that is already canonical, as it is.</summary>
    public void RawValue(ReadOnlySpan<byte> utf8)
    {
        Separator();
        Raw(utf8);
        _needComma = true;
    }

    /// <summary>Writes a JSON value canonically: objects with sorted keys, strings re-escaped, numbers as their original token.</summary>
    public void JsonValue(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = new List<JsonProperty>();
                foreach (var p in value.EnumerateObject())
                {
                    properties.Add(p);
                }

                properties.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
                StartObject();
                foreach (var p in properties)
                {
                    Property(AuditText.Clean(p.Name));
                    JsonValue(p.Value);
                }

                EndObject();
                break;
            case JsonValueKind.Array:
                StartArray();
                foreach (var item in value.EnumerateArray())
                {
                    JsonValue(item);
                }

                EndArray();
                break;
            case JsonValueKind.String:
                StringValue(AuditText.Clean(value.GetString()!));
                break;
            case JsonValueKind.Number:
                RawValue(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value));
                break;
            case JsonValueKind.True:
                RawValue("true"u8);
                break;
            case JsonValueKind.False:
                RawValue("false"u8);
                break;
            default:
                RawValue("null"u8);
                break;
        }
    }

    private void Open(byte b)
    {
        Separator();
        Raw(b);
        _needComma = false;
    }

    private void Close(byte b)
    {
        Raw(b);
        _needComma = true;
    }

    private void Separator()
    {
        if (_needComma)
        {
            Raw((byte)',');
            _needComma = false;
        }
    }

    private void Raw(byte b)
    {
        _output.GetSpan(1)[0] = b;
        _output.Advance(1);
    }

    private void Raw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_output.GetSpan(bytes.Length));
        _output.Advance(bytes.Length);
    }

    private void WriteString(string value)
    {
        Raw((byte)'"');
        var span = value.AsSpan();
        while (!span.IsEmpty)
        {
            var i = IndexOfEscape(span);
            var plain = i < 0 ? span : span[..i];
            if (!plain.IsEmpty)
            {
                var max = Encoding.UTF8.GetMaxByteCount(plain.Length);
                var written = Encoding.UTF8.GetBytes(plain, _output.GetSpan(max));
                _output.Advance(written);
            }

            if (i < 0)
            {
                break;
            }

            Escape(span[i]);
            span = span[(i + 1)..];
        }

        Raw((byte)'"');
    }

    private static int IndexOfEscape(ReadOnlySpan<char> span) => span.IndexOfAny(NeedsEscape);

    private void Escape(char c)
    {
        switch (c)
        {
            case '"': Raw("\\\""u8); break;
            case '\\': Raw("\\\\"u8); break;
            case '\b': Raw("\\b"u8); break;
            case '\f': Raw("\\f"u8); break;
            case '\n': Raw("\\n"u8); break;
            case '\r': Raw("\\r"u8); break;
            case '\t': Raw("\\t"u8); break;
            default:
                var span = _output.GetSpan(6);
                "\\u00"u8.CopyTo(span);
                span[4] = (byte)"0123456789abcdef"[c >> 4];
                span[5] = (byte)"0123456789abcdef"[c & 0xF];
                _output.Advance(6);
                break;
        }
    }
}
