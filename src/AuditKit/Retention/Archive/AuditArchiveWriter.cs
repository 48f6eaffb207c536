using System.Buffers;
using System.IO.Compression;
using System.Security.Cryptography;

namespace AuditKit;

/// <summary>
/// Writes one archive to a local file: events of one stream and tenant in sequence order as JSON Lines (the journal's
/// self-contained event JSON), gzip-compressed, encrypted in frames. Memory stays at one line and one frame.
/// </summary>
internal sealed class AuditArchiveWriter : IAsyncDisposable
{
    private readonly FileStream _file;
    private readonly ArchiveEncryptingStream _encrypt;
    private readonly GZipStream _gzip;
    private readonly ArrayBufferWriter<byte> _line = new(4096);
    private readonly ArchiveHeader _header;
    private readonly Dictionary<AuditCategory, (long Count, DateTimeOffset Oldest, DateTimeOffset Newest)> _categories = [];
    private AuditEvent? _first;
    private AuditEvent? _last;
    private long _count;

    public AuditArchiveWriter(string path, ArchiveHeader header, byte[] key)
    {
        Path = path;
        _header = header;
        _file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920);
        _encrypt = new ArchiveEncryptingStream(_file, key, header.ToBytes(), Convert.FromHexString(header.NoncePrefix), header.ChunkSize);
        _gzip = new GZipStream(_encrypt, CompressionLevel.Fastest, leaveOpen: true);
    }

    /// <summary>The local file.</summary>
    public string Path { get; }

    public long Count => _count;

    /// <summary>A fresh header for an archive; <paramref name="noncePrefix"/> is 8 random bytes (fixed only in test vectors).</summary>
    public static ArchiveHeader Header(string name, string keyId, byte[] key, int streamId, string? tenantId, string? previousArchive, string? previousSha256, DateTimeOffset createdAt, byte[]? noncePrefix = null, int chunkSize = ArchiveHeader.DefaultChunkSize) =>
        new()
        {
            Name = name,
            KeyId = keyId,
            KeyCheck = ArchiveHeader.KeyCheckOf(key, name),
            NoncePrefix = Convert.ToHexStringLower(noncePrefix ?? RandomNumberGenerator.GetBytes(8)),
            ChunkSize = chunkSize,
            StreamId = streamId,
            TenantId = tenantId,
            PreviousArchive = previousArchive,
            PreviousSha256 = previousSha256,
            CreatedAt = createdAt,
        };

    public void Add(AuditEvent e)
    {
        if (e.StreamId != _header.StreamId || !string.Equals(e.TenantId, _header.TenantId, StringComparison.Ordinal) || (_last is not null && e.Sequence <= _last.Sequence) || e.Hash is null)
        {
            throw new InvalidOperationException($"Event {e.StreamId}/{e.Sequence} does not belong in archive '{_header.Name}' (stream, tenant, order or hash).");
        }

        _line.ResetWrittenCount();
        AuditEventJson.Write(e, _line);
        _line.Write("\n"u8);
        _gzip.Write(_line.WrittenSpan);
        _first ??= e;
        _last = e;
        _count++;
        _categories[e.Category] = _categories.TryGetValue(e.Category, out var c)
            ? (c.Count + 1, e.Timestamp < c.Oldest ? e.Timestamp : c.Oldest, e.Timestamp > c.Newest ? e.Timestamp : c.Newest)
            : (1, e.Timestamp, e.Timestamp);
    }

    /// <summary>Finishes the file and returns its manifest.</summary>
    public AuditArchiveManifest Complete()
    {
        if (_first is null || _last is null)
        {
            throw new InvalidOperationException($"Archive '{_header.Name}' has no events.");
        }

        _gzip.Dispose();
        var sha = _encrypt.Complete();
        _file.Flush(flushToDisk: true);
        _file.Dispose();
        var categories = _categories.OrderBy(p => p.Key).Select(p => new AuditArchiveCategory(p.Key, p.Value.Count, p.Value.Oldest, p.Value.Newest)).ToList();
        return new AuditArchiveManifest
        {
            Name = _header.Name,
            KeyId = _header.KeyId,
            TenantId = _header.TenantId,
            StreamId = _header.StreamId,
            Categories = categories,
            From = categories.Min(c => c.Oldest),
            To = categories.Max(c => c.Newest),
            FirstSequence = _first.Sequence,
            FirstHash = _first.Hash!,
            LastSequence = _last.Sequence,
            LastHash = _last.Hash!,
            EventCount = _count,
            Sha256 = Convert.ToHexStringLower(sha),
            SizeBytes = _encrypt.BytesWritten,
            CreatedAt = _header.CreatedAt,
            PreviousArchive = _header.PreviousArchive,
            PreviousSha256 = _header.PreviousSha256,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _gzip.DisposeAsync().ConfigureAwait(false);
        await _encrypt.DisposeAsync().ConfigureAwait(false);
        await _file.DisposeAsync().ConfigureAwait(false);
    }
}
