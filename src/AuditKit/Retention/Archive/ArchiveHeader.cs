using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AuditKit;

/// <summary>
/// The clear-text header at the start of an archive file (docs/retention.md, "Archive format"): the magic
/// <c>AKARCH\0\u0001</c>, a 4-byte big-endian length, then this record as JSON. Every frame's AAD starts with the
/// SHA-256 of those bytes, so the header cannot be changed without every frame failing to authenticate.
/// </summary>
internal sealed record ArchiveHeader
{
    public static readonly byte[] Magic = [(byte)'A', (byte)'K', (byte)'A', (byte)'R', (byte)'C', (byte)'H', 0, 1];

    /// <summary>The largest header accepted when reading (64 KiB).</summary>
    public const int MaxLength = 64 * 1024;

    /// <summary>The default plaintext bytes per frame (64 KiB).</summary>
    public const int DefaultChunkSize = 64 * 1024;

    /// <summary>The largest frame accepted (1 MiB).</summary>
    public const int MaxChunkSize = 1024 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public int Format { get; init; } = 1;

    public string Name { get; init; } = string.Empty;

    public string KeyId { get; init; } = string.Empty;

    /// <summary>First 16 bytes of HMAC-SHA-256(key, "AuditKit archive key check\n" + name), hex: tells a wrong key from a corrupted frame.</summary>
    public string KeyCheck { get; init; } = string.Empty;

    public string NoncePrefix { get; init; } = string.Empty;

    public int ChunkSize { get; init; } = DefaultChunkSize;

    public int StreamId { get; init; }

    public string? TenantId { get; init; }

    public string? PreviousArchive { get; init; }

    public string? PreviousSha256 { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public static string KeyCheckOf(ReadOnlySpan<byte> key, string name)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("AuditKit archive key check\n" + name), mac);
        return Convert.ToHexStringLower(mac[..16]);
    }

    /// <summary>Magic, length and JSON: the bytes the file starts with.</summary>
    public byte[] ToBytes()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(this, Json);
        var bytes = new byte[Magic.Length + 4 + json.Length];
        Magic.CopyTo(bytes, 0);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(Magic.Length), json.Length);
        json.CopyTo(bytes, Magic.Length + 4);
        return bytes;
    }

    /// <summary>Reads the header bytes from the start of <paramref name="input"/>; returns the header and its raw bytes.</summary>
    public static async Task<(ArchiveHeader Header, byte[] Bytes)> ReadAsync(Stream input, string archive, CancellationToken cancellationToken)
    {
        var start = new byte[Magic.Length + 4];
        if (await input.ReadAtLeastAsync(start, start.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false) < start.Length
            || !start.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new AuditArchiveException(archive, "not an AuditKit archive (magic bytes missing; empty, truncated or another file).");
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(start.AsSpan(Magic.Length));
        if (length is < 2 or > MaxLength)
        {
            throw new AuditArchiveException(archive, $"corrupted: header length {length} is out of range.");
        }

        var bytes = new byte[start.Length + length];
        start.CopyTo(bytes, 0);
        if (await input.ReadAtLeastAsync(bytes.AsMemory(start.Length), length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false) < length)
        {
            throw new AuditArchiveException(archive, "truncated inside its header.");
        }

        ArchiveHeader? header;
        try
        {
            header = JsonSerializer.Deserialize<ArchiveHeader>(bytes.AsSpan(start.Length), Json);
        }
        catch (JsonException ex)
        {
            throw new AuditArchiveException(archive, "corrupted: its header is not valid JSON.", ex);
        }

        if (header is null || header.Format != 1 || header.NoncePrefix.Length != 16 || header.ChunkSize is < 1 or > MaxChunkSize)
        {
            throw new AuditArchiveException(archive, "corrupted or of an unknown format version: its header is not a format-1 header.");
        }

        return (header, bytes);
    }
}
