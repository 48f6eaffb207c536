using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace AuditKit;

/// <summary>
/// An append-only file of records: the magic <c>AKJ1</c>, then per record a 4-byte little-endian payload
/// length, the first 8 bytes of the payload's SHA-256, and the payload. <see cref="Read"/> stops at the first
/// record that is short or whose checksum does not match (a torn or corrupted tail) and says where.
/// </summary>
internal sealed class JournalFile : IDisposable
{
    public const int MaxRecordBytes = 256 * 1024 * 1024;

    /// <summary>The length of a journal that holds no record (its magic only).</summary>
    public const int HeaderLength = 4;
    private static readonly byte[] Magic = "AKJ1"u8.ToArray(); // HeaderLength bytes

    private readonly FileStream _stream;

    private JournalFile(string path, FileStream stream)
    {
        Path = path;
        _stream = stream;
    }

    public string Path { get; }

    public long Length => _stream.Length;

    /// <summary>Opens (creating if needed) for appending; <paramref name="exclusive"/> holds an OS lock so no other process uses the file.</summary>
    public static JournalFile Open(string path, bool exclusive)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        // Unbuffered: a write that fails (disk full) leaves nothing behind in a buffer to be flushed later, so Append
        // can cut the file back to its last whole record.
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, exclusive ? FileShare.None : FileShare.Read, bufferSize: 0, FileOptions.None);
        try
        {
            if (stream.Length == 0)
            {
                stream.Write(Magic);
                stream.Flush(flushToDisk: true);
            }

            stream.Seek(0, SeekOrigin.End);
        }
        catch
        {
            stream.Dispose(); // a full disk: let go of the file (and its lock) now, not at finalization
            throw;
        }

        return new JournalFile(path, stream);
    }

    /// <summary>Appends one record; with <paramref name="durable"/> it is fsync'd before the call returns.</summary>
    public void Append(ReadOnlySpan<byte> payload, bool durable)
    {
        if (payload.Length > MaxRecordBytes)
        {
            throw new ArgumentException($"A journal record is limited to {MaxRecordBytes} bytes.", nameof(payload));
        }

        var record = ArrayPool<byte>.Shared.Rent(12 + payload.Length);
        var end = _stream.Length;
        try
        {
            BinaryPrimitives.WriteInt32LittleEndian(record, payload.Length);
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(payload, hash);
            hash[..8].CopyTo(record.AsSpan(4));
            payload.CopyTo(record.AsSpan(12));
            _stream.Write(record, 0, 12 + payload.Length);
            _stream.Flush(flushToDisk: durable);
        }
        catch (IOException)
        {
            // A record cut short by a full disk must not stay in front of the records appended once space returns:
            // the reader would stop at it and never reach them.
            try
            {
                _stream.SetLength(end);
                _stream.Seek(end, SeekOrigin.Begin);
            }
            catch (IOException)
            {
                // the cut-short tail is a torn record; readers keep every record before it
            }

            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(record);
        }
    }

    public void FlushToDisk() => _stream.Flush(flushToDisk: true);

    /// <summary>Empties the file (after everything in it is safely elsewhere).</summary>
    public void Clear()
    {
        _stream.SetLength(Magic.Length);
        _stream.Seek(0, SeekOrigin.End);
        _stream.Flush(flushToDisk: true);
    }

    /// <summary>Reads the records of this open file from the start.</summary>
    public JournalContents ReadAll()
    {
        _stream.Flush();
        _stream.Seek(0, SeekOrigin.Begin);
        var bytes = new byte[_stream.Length];
        _stream.ReadExactly(bytes);
        _stream.Seek(0, SeekOrigin.End);
        return Parse(bytes);
    }

    /// <summary>Reads a journal file from disk.</summary>
    public static JournalContents Read(string path) => Parse(File.ReadAllBytes(path));

    public static JournalContents Parse(byte[] bytes)
    {
        var records = new List<ReadOnlyMemory<byte>>();
        if (bytes.Length == 0)
        {
            return new JournalContents(records, null);
        }

        if (bytes.Length < Magic.Length || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            return new JournalContents(records, new JournalCorruption(0, "the file does not start with the AKJ1 journal header"));
        }

        var offset = Magic.Length;
        Span<byte> hash = stackalloc byte[32];
        while (offset < bytes.Length)
        {
            if (bytes.Length - offset < 12)
            {
                return new JournalContents(records, new JournalCorruption(offset, "torn record header at the end of the file"));
            }

            var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset));
            if (length < 0 || length > MaxRecordBytes || length > bytes.Length - offset - 12)
            {
                return new JournalContents(records, new JournalCorruption(offset, length > bytes.Length - offset - 12 ? "torn record: the file ends inside it" : $"impossible record length {length}"));
            }

            var payload = bytes.AsMemory(offset + 12, length);
            SHA256.HashData(payload.Span, hash);
            if (!hash[..8].SequenceEqual(bytes.AsSpan(offset + 4, 8)))
            {
                return new JournalContents(records, new JournalCorruption(offset, "checksum mismatch"));
            }

            records.Add(payload);
            offset += 12 + length;
        }

        return new JournalContents(records, null);
    }

    public void Dispose() => _stream.Dispose();
}

/// <summary>The intact records of a journal, and where its tail is broken, if it is.</summary>
internal sealed record JournalContents(IReadOnlyList<ReadOnlyMemory<byte>> Records, JournalCorruption? Corruption);

/// <summary>Where and why a journal stops being readable.</summary>
internal sealed record JournalCorruption(long Offset, string Reason);
