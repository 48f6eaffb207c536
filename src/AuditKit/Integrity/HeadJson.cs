using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AuditKit;

internal static class HeadJson
{
    private const string Type = "auditkit.head.v1";

    public static string Write(AuditHead head)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        var w = new CanonicalJsonWriter(buffer);
        w.StartObject();
        w.String("headHash", head.HeadHash);
        w.Number("sequence", head.Sequence);
        w.Number("streamId", head.StreamId);
        w.String("timestamp", AuditCanonicalForm.FormatTimestamp(head.Timestamp));
        w.String("type", Type);
        w.EndObject();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static AuditHead Read(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var e = document.RootElement;
            if (e.GetProperty("type").GetString() != Type)
            {
                throw new FormatException($"Not an {Type}.");
            }

            var hash = e.GetProperty("headHash").GetString()!;
            if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigitLower))
            {
                throw new FormatException("headHash must be 64 lower-case hex digits.");
            }

            return new AuditHead(
                e.GetProperty("streamId").GetInt32(),
                e.GetProperty("sequence").GetInt64(),
                hash,
                DateTimeOffset.ParseExact(e.GetProperty("timestamp").GetString()!, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"The text is not an AuditKit head ({Type}).", ex);
        }
    }
}
