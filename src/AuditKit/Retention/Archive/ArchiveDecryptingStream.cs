using System.Buffers.Binary;
using System.Security.Cryptography;

namespace AuditKit;

/// <summary>
/// A read-only stream over an archive file's frames (after its header): each frame is authenticated before any of its
/// bytes are returned; a missing final frame, an oversized frame, trailing bytes or a failed tag throw
/// <see cref="AuditArchiveException"/>. Keeps the SHA-256 of every byte of the file read.
/// </summary>
internal sealed class ArchiveDecryptingStream : Stream
{
    private readonly Stream _inner;
    private readonly string _archive;
    private readonly AesGcm _aes;
    private readonly byte[] _noncePrefix;
    private readonly byte[] _headerHash;
    private readonly byte[] _plain;
    private readonly byte[] _cipher;
    private readonly int _chunkSize;
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private int _available;
    private int _offset;
    private int _index;
    private bool _final;

    public ArchiveDecryptingStream(Stream inner, string archive, byte[] key, byte[] headerBytes, byte[] noncePrefix, int chunkSize)
    {
        _inner = inner;
        _archive = archive;
        _aes = new AesGcm(key, ArchiveFrames.TagSize);
        _noncePrefix = noncePrefix;
        _headerHash = SHA256.HashData(headerBytes);
        _chunkSize = chunkSize;
        _plain = new byte[chunkSize];
        _cipher = new byte[chunkSize + ArchiveFrames.TagSize];
        _sha.AppendData(headerBytes);
        BytesRead = headerBytes.Length;
    }

    /// <summary>Bytes of the file read so far (header included).</summary>
    public long BytesRead { get; private set; }

    /// <summary>Whether the final frame was read and nothing follows it.</summary>
    public bool Completed { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>The SHA-256 of the whole file; only after <see cref="Completed"/>.</summary>
    public byte[] FileHash() => Completed ? _sha.GetCurrentHash() : throw new InvalidOperationException("The archive was not read to its end.");

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_available == 0)
        {
            if (_final)
            {
                if (!Completed)
                {
                    Span<byte> extra = stackalloc byte[1];
                    if (_inner.Read(extra) != 0)
                    {
                        throw new AuditArchiveException(_archive, "corrupted: bytes follow the final frame.");
                    }

                    Completed = true;
                }

                return 0;
            }

            ReadFrame();
        }

        var n = Math.Min(buffer.Length, _available);
        _plain.AsSpan(_offset, n).CopyTo(buffer);
        _offset += n;
        _available -= n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _aes.Dispose();
            _sha.Dispose();
        }

        base.Dispose(disposing);
    }

    private void ReadFrame()
    {
        Span<byte> head = stackalloc byte[ArchiveFrames.FrameHeaderSize];
        if (_inner.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) < head.Length)
        {
            throw new AuditArchiveException(_archive, $"truncated: the file ends after {_index} frame(s) without its final frame.");
        }

        var flag = head[0];
        var length = BinaryPrimitives.ReadInt32BigEndian(head[1..]);
        if (flag > ArchiveFrames.Final || length < 0 || length > _chunkSize)
        {
            throw new AuditArchiveException(_archive, $"corrupted: frame {_index} has an invalid flag or length.");
        }

        var body = _cipher.AsSpan(0, length + ArchiveFrames.TagSize);
        if (_inner.ReadAtLeast(body, body.Length, throwOnEndOfStream: false) < body.Length)
        {
            throw new AuditArchiveException(_archive, $"truncated inside frame {_index}.");
        }

        _sha.AppendData(head);
        _sha.AppendData(body);
        BytesRead += head.Length + body.Length;
        Span<byte> nonce = stackalloc byte[ArchiveFrames.NonceSize];
        Span<byte> aad = stackalloc byte[37];
        ArchiveFrames.Nonce(_noncePrefix, _index, nonce);
        ArchiveFrames.Aad(_headerHash, _index, flag, aad);
        try
        {
            _aes.Decrypt(nonce, body[..length], body[length..], _plain.AsSpan(0, length), aad);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new AuditArchiveException(_archive, $"corrupted: frame {_index} fails authentication (its bytes, or the header, were changed).", ex);
        }

        _offset = 0;
        _available = length;
        _final = flag == ArchiveFrames.Final;
        _index++;
    }
}
