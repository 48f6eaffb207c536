using System.Buffers.Binary;
using System.Text;

namespace AuditKit.Interop.Tests.Support;

/// <summary>
/// Reads the log records of an OTLP ExportLogsServiceRequest from its protobuf bytes, written here from the field numbers
/// of opentelemetry/proto/logs/v1/logs.proto and common.proto (independent of the exporter): resource_logs=1 →
/// scope_logs=2 → log_records=2 {time_unix_nano=1 fixed64, severity_number=2, severity_text=3, body=5, attributes=6,
/// trace_id=9}; KeyValue {key=1, value=2}; AnyValue {string=1, bool=2, int=3, double=4, array=5}.
/// </summary>
public static class OtlpLogsDecoder
{
    public sealed record Record(ulong TimeUnixNano, int SeverityNumber, string? SeverityText, object? Body, Dictionary<string, object?> Attributes, byte[]? TraceId);

    public static List<Record> Decode(byte[] request)
    {
        var records = new List<Record>();
        foreach (var resourceLogs in Fields(request).Where(f => f.Number == 1))
        {
            foreach (var scopeLogs in Fields(resourceLogs.Bytes!).Where(f => f.Number == 2))
            {
                foreach (var log in Fields(scopeLogs.Bytes!).Where(f => f.Number == 2))
                {
                    records.Add(ReadRecord(log.Bytes!));
                }
            }
        }

        return records;
    }

    private static Record ReadRecord(byte[] bytes)
    {
        ulong time = 0;
        var severity = 0;
        string? text = null;
        object? body = null;
        byte[]? trace = null;
        var attributes = new Dictionary<string, object?>();
        foreach (var f in Fields(bytes))
        {
            switch (f.Number)
            {
                case 1: time = f.Fixed64; break;
                case 2: severity = (int)f.Varint; break;
                case 3: text = Encoding.UTF8.GetString(f.Bytes!); break;
                case 5: body = AnyValue(f.Bytes!); break;
                case 6:
                    string? key = null;
                    object? value = null;
                    foreach (var kv in Fields(f.Bytes!))
                    {
                        if (kv.Number == 1)
                        {
                            key = Encoding.UTF8.GetString(kv.Bytes!);
                        }
                        else if (kv.Number == 2)
                        {
                            value = AnyValue(kv.Bytes!);
                        }
                    }

                    attributes[key!] = value;
                    break;
                case 9: trace = f.Bytes; break;
            }
        }

        return new Record(time, severity, text, body, attributes, trace);
    }

    private static object? AnyValue(byte[] bytes)
    {
        foreach (var f in Fields(bytes))
        {
            switch (f.Number)
            {
                case 1: return Encoding.UTF8.GetString(f.Bytes!);
                case 2: return f.Varint != 0;
                case 3: return (long)f.Varint;
                case 4: return BitConverter.Int64BitsToDouble((long)f.Fixed64);
                case 5: return Fields(f.Bytes!).Where(v => v.Number == 1).Select(v => AnyValue(v.Bytes!)).ToArray();
            }
        }

        return null;
    }

    private readonly record struct Field(int Number, ulong Varint, ulong Fixed64, byte[]? Bytes);

    private static IEnumerable<Field> Fields(byte[] bytes)
    {
        var i = 0;
        while (i < bytes.Length)
        {
            var tag = ReadVarint(bytes, ref i);
            var number = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case 0: yield return new Field(number, ReadVarint(bytes, ref i), 0, null); break;
                case 1: yield return new Field(number, 0, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(i, 8)), null); i += 8; break;
                case 2:
                    var length = (int)ReadVarint(bytes, ref i);
                    yield return new Field(number, 0, 0, bytes.AsSpan(i, length).ToArray());
                    i += length;
                    break;
                case 5: yield return new Field(number, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i, 4)), 0, null); i += 4; break;
                default: throw new InvalidDataException($"Unsupported wire type {tag & 7} for field {number}.");
            }
        }
    }

    private static ulong ReadVarint(byte[] bytes, ref int i)
    {
        ulong value = 0;
        var shift = 0;
        while (true)
        {
            var b = bytes[i++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }

            shift += 7;
        }
    }
}
