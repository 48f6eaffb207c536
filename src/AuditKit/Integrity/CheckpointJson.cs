using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AuditKit;

internal static class CheckpointJson
{
    public static byte[] SignedBytes(AuditCheckpoint c)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        Write(c, buffer, includeSignature: false);
        return buffer.WrittenSpan.ToArray();
    }

    public static string Write(AuditCheckpoint c)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        Write(c, buffer, includeSignature: true);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(AuditCheckpoint c, IBufferWriter<byte> output, bool includeSignature)
    {
        var w = new CanonicalJsonWriter(output);
        w.StartObject();
        w.String("algorithm", c.Algorithm);
        w.Number("fromSequence", c.FromSequence);
        w.String("headHash", c.HeadHash);
        w.String("keyId", c.KeyId);
        w.String("merkleRoot", c.MerkleRoot);
        if (includeSignature)
        {
            w.String("signature", c.Signature);
        }

        w.Number("streamId", c.StreamId);
        w.String("timestamp", AuditCanonicalForm.FormatTimestamp(c.Timestamp));
        w.Number("toSequence", c.ToSequence);
        w.String("type", "auditkit.checkpoint.v1");
        w.EndObject();
    }

    public static AuditCheckpoint Read(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return Read(document.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException("The text is not an AuditKit checkpoint (auditkit.checkpoint.v1).", ex);
        }
    }

    public static AuditCheckpoint Read(JsonElement e)
    {
        if (e.GetProperty("type").GetString() != "auditkit.checkpoint.v1")
        {
            throw new FormatException("Not an auditkit.checkpoint.v1.");
        }

        return new AuditCheckpoint(
            e.GetProperty("streamId").GetInt32(),
            e.GetProperty("fromSequence").GetInt64(),
            e.GetProperty("toSequence").GetInt64(),
            e.GetProperty("headHash").GetString()!,
            e.GetProperty("merkleRoot").GetString()!,
            DateTimeOffset.ParseExact(e.GetProperty("timestamp").GetString()!, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            e.GetProperty("keyId").GetString()!,
            e.GetProperty("algorithm").GetString()!,
            e.GetProperty("signature").GetString()!);
    }
}
