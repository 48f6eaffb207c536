using System.Security.Cryptography;

namespace AuditKit;

/// <summary>
/// RFC 9162 (Certificate Transparency v2) Merkle tree hashing: leaf = SHA-256(0x00 ‖ data), node =
/// SHA-256(0x01 ‖ left ‖ right), the split at the largest power of two below n. A leaf's data here is the
/// event's 32-byte hash.
/// </summary>
public static class MerkleTree
{
    /// <summary>The leaf hash of one datum.</summary>
    public static byte[] LeafHash(ReadOnlySpan<byte> data)
    {
        Span<byte> input = stackalloc byte[data.Length + 1];
        input[0] = 0x00;
        data.CopyTo(input[1..]);
        return SHA256.HashData(input);
    }

    /// <summary>The hash of an inner node.</summary>
    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> input = stackalloc byte[65];
        input[0] = 0x01;
        left.CopyTo(input[1..]);
        right.CopyTo(input[33..]);
        return SHA256.HashData(input);
    }

    /// <summary>The Merkle tree hash of the leaves (each already a leaf hash).</summary>
    /// <exception cref="ArgumentException">There are no leaves.</exception>
    public static byte[] Root(IReadOnlyList<byte[]> leafHashes)
    {
        if (leafHashes.Count == 0)
        {
            throw new ArgumentException("A Merkle tree needs at least one leaf.", nameof(leafHashes));
        }

        return Root(leafHashes, 0, leafHashes.Count);
    }

    /// <summary>The audit path (RFC 9162 §2.1.3.1) of leaf <paramref name="index"/>, bottom up.</summary>
    public static List<byte[]> AuditPath(IReadOnlyList<byte[]> leafHashes, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, leafHashes.Count);
        var path = new List<byte[]>();
        Path(leafHashes, 0, leafHashes.Count, index, path);
        return path;
    }

    /// <summary>Recomputes the root from a leaf hash and its audit path (RFC 9162 §2.1.3.2); null when the path does not fit the tree size.</summary>
    public static byte[]? RootFromPath(byte[] leafHash, long index, long treeSize, IReadOnlyList<byte[]> path)
    {
        if (index < 0 || index >= treeSize)
        {
            return null;
        }

        long fn = index;
        long sn = treeSize - 1;
        var r = leafHash;
        foreach (var p in path)
        {
            if (sn == 0)
            {
                return null;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = NodeHash(p, r);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                r = NodeHash(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 ? r : null;
    }

    private static byte[] Root(IReadOnlyList<byte[]> leaves, int start, int count)
    {
        if (count == 1)
        {
            return leaves[start];
        }

        var k = LargestPowerOfTwoBelow(count);
        return NodeHash(Root(leaves, start, k), Root(leaves, start + k, count - k));
    }

    private static void Path(IReadOnlyList<byte[]> leaves, int start, int count, int index, List<byte[]> path)
    {
        if (count == 1)
        {
            return;
        }

        var k = LargestPowerOfTwoBelow(count);
        if (index < k)
        {
            Path(leaves, start, k, index, path);
            path.Add(Root(leaves, start + k, count - k));
        }
        else
        {
            Path(leaves, start + k, count - k, index - k, path);
            path.Add(Root(leaves, start, k));
        }
    }

    private static int LargestPowerOfTwoBelow(int n)
    {
        var k = 1;
        while (k << 1 < n)
        {
            k <<= 1;
        }

        return k;
    }
}
