using System.Buffers.Binary;

namespace AuditKit;

/// <summary>The frame layout shared by <see cref="ArchiveEncryptingStream"/> and <see cref="ArchiveDecryptingStream"/>.</summary>
internal static class ArchiveFrames
{
    public const int TagSize = 16;
    public const int NonceSize = 12;
    public const int FrameHeaderSize = 5;
    public const byte More = 0;
    public const byte Final = 1;

    /// <summary>nonce = 8-byte prefix from the header ‖ frame index (4 bytes, big-endian).</summary>
    public static void Nonce(ReadOnlySpan<byte> prefix, int index, Span<byte> nonce)
    {
        prefix.CopyTo(nonce);
        BinaryPrimitives.WriteInt32BigEndian(nonce[8..], index);
    }

    /// <summary>AAD = SHA-256(header bytes) ‖ frame index (4 bytes, big-endian) ‖ flag (1 byte).</summary>
    public static void Aad(ReadOnlySpan<byte> headerHash, int index, byte flag, Span<byte> aad)
    {
        headerHash.CopyTo(aad);
        BinaryPrimitives.WriteInt32BigEndian(aad[32..], index);
        aad[36] = flag;
    }
}
