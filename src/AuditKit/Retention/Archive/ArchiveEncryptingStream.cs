using System.Buffers.Binary;
using System.Security.Cryptography;

namespace AuditKit;

/// <summary>
/// A write-only stream that writes an archive file: the header, then the plaintext in frames of at most the header's
/// chunk size, each <c>flag (1) ‖ length (4, big-endian) ‖ AES-256-GCM ciphertext ‖ tag (16)</c>, the last with flag 1.
/// Memory is one chunk; the SHA-256 of every byte written is kept for the manifest.
/// </summary>
internal sealed class ArchiveEncryptingStream : Stream
{
    private readonly Stream _inner;
    private readonly AesGcm _aes;
    private readonly byte[] _noncePrefix;
    private readonly byte[] _headerHash;
    private readonly byte[] _plain;
    private readonly byte[] _cipher;
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private int _buffered;
    private int _index;
    private bool _completed;

    public ArchiveEncryptingStream(Stream inner, byte[] key, byte[] headerBytes, byte[] noncePrefix, int chunkSize)
    {
        _inner = inner;
        _aes = new AesGcm(key, ArchiveFrames.TagSize);
        _noncePrefix = noncePrefix;
        _headerHash = SHA256.HashData(headerBytes);
        _plain = new byte[chunkSize];
        _cipher = new byte[ArchiveFrames.FrameHeaderSize + chunkSize + ArchiveFrames.TagSize];
        WriteRaw(headerBytes);
    }

    public long BytesWritten { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !_completed;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        while (!buffer.IsEmpty)
        {
            if (_buffered == _plain.Length)
            {
                Emit(ArchiveFrames.More);
            }

            var n = Math.Min(buffer.Length, _plain.Length - _buffered);
            buffer[..n].CopyTo(_plain.AsSpan(_buffered));
            _buffered += n;
            buffer = buffer[n..];
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    /// <summary>Writes the final frame and returns the file's SHA-256.</summary>
    public byte[] Complete()
    {
        if (!_completed)
        {
            Emit(ArchiveFrames.Final);
            _completed = true;
            _inner.Flush();
        }

        return _sha.GetCurrentHash();
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _aes.Dispose();
            _sha.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Emit(byte flag)
    {
        Span<byte> nonce = stackalloc byte[ArchiveFrames.NonceSize];
        Span<byte> aad = stackalloc byte[37];
        ArchiveFrames.Nonce(_noncePrefix, _index, nonce);
        ArchiveFrames.Aad(_headerHash, _index, flag, aad);
        var frame = _cipher.AsSpan(0, ArchiveFrames.FrameHeaderSize + _buffered + ArchiveFrames.TagSize);
        frame[0] = flag;
        BinaryPrimitives.WriteInt32BigEndian(frame[1..], _buffered);
        _aes.Encrypt(nonce, _plain.AsSpan(0, _buffered), frame.Slice(ArchiveFrames.FrameHeaderSize, _buffered), frame[(ArchiveFrames.FrameHeaderSize + _buffered)..], aad);
        WriteRaw(frame);
        _buffered = 0;
        _index = checked(_index + 1);
    }

    private void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        _inner.Write(bytes);
        _sha.AppendData(bytes);
        BytesWritten += bytes.Length;
    }
}
