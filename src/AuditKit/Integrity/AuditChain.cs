using System.Buffers;
using System.Security.Cryptography;

namespace AuditKit;

/// <summary>
/// Computes <c>Hash = SHA-256(PreviousHash ‖ canonical JSON)</c>, both hashes as 32 raw bytes. One instance
/// per writer: it reuses its buffer and hash state, so linking allocates only the two 32-byte hashes.
/// </summary>
internal sealed class AuditChain : IDisposable
{
    /// <summary>The previous hash of a stream's first event: 32 zero bytes.</summary>
    public static string GenesisHash => AuditStoredForm.GenesisHash;

    private readonly ArrayBufferWriter<byte> _buffer = new(2048);
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>Fills <see cref="AuditEvent.PreviousHash"/> and <see cref="AuditEvent.Hash"/>; <paramref name="previous"/> becomes the event's hash.</summary>
    public void Link(AuditEvent e, Span<byte> previous)
    {
        var before = previous.ToArray();
        var hash = new byte[32];
        Span<int> ends = stackalloc int[AuditCanonicalForm.Members.Length];
        _buffer.ResetWrittenCount();
        AuditCanonicalForm.Write(e, _buffer, ends);
        _sha.AppendData(before);
        _sha.AppendData(_buffer.WrittenSpan);
        _sha.GetHashAndReset(hash);
        e.SetHashes(before, hash);
        e.FieldDigests = FieldDigests.Compute(_buffer.WrittenSpan, ends);
        hash.CopyTo(previous);
    }

    /// <summary>Computes the hash the event should have after <paramref name="previous"/>.</summary>
    public void Compute(AuditEvent e, ReadOnlySpan<byte> previous, Span<byte> destination)
    {
        _buffer.ResetWrittenCount();
        AuditCanonicalForm.Write(e, _buffer);
        _sha.AppendData(previous);
        _sha.AppendData(_buffer.WrittenSpan);
        _sha.GetHashAndReset(destination);
    }

    /// <summary>The canonical bytes of an event, for documentation, test vectors and third-party verifiers.</summary>
    public static byte[] CanonicalBytes(AuditEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        AuditCanonicalForm.Write(e, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    public void Dispose() => _sha.Dispose();
}
