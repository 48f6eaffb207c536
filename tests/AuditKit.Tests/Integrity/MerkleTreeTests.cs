using System.Security.Cryptography;

namespace AuditKit.Tests.Integrity;

public sealed class MerkleTreeTests
{
    private static List<byte[]> Leaves(int n) => Enumerable.Range(0, n).Select(i => MerkleTree.LeafHash(SHA256.HashData(BitConverter.GetBytes(i)))).ToList();

    [Test]
    public void Root_FollowsRfc9162()
    {
        var l = Leaves(3);
        MerkleTree.LeafHash([1, 2]).Should().Equal(SHA256.HashData(new byte[] { 0, 1, 2 }));
        MerkleTree.Root(Leaves(1)).Should().Equal(Leaves(1)[0]);
        MerkleTree.Root(l).Should().Equal(MerkleTree.NodeHash(MerkleTree.NodeHash(l[0], l[1]), l[2]), "the split is at the largest power of two below n");
        MerkleTree.NodeHash(l[0], l[1]).Should().Equal(SHA256.HashData([0x01, .. l[0], .. l[1]]));
        FluentActions.Invoking(() => MerkleTree.Root([])).Should().Throw<ArgumentException>();
    }

    [Test]
    public void AuditPath_EveryLeafOfEveryTreeUpTo40_RecomputesTheRoot_AndNothingElseDoes()
    {
        for (var n = 1; n <= 40; n++)
        {
            var leaves = Leaves(n);
            var root = MerkleTree.Root(leaves);
            for (var i = 0; i < n; i++)
            {
                var path = MerkleTree.AuditPath(leaves, i);
                MerkleTree.RootFromPath(leaves[i], i, n, path).Should().Equal(root, $"leaf {i} of {n}");
                if (n > 1)
                {
                    var wrong = MerkleTree.RootFromPath(leaves[i], (i + 1) % n, n, path);
                    (wrong is null || !wrong.SequenceEqual(root)).Should().BeTrue($"leaf {i} of {n} at another index");
                    var other = MerkleTree.RootFromPath(leaves[(i + 1) % n], i, n, path);
                    (other is null || !other.SequenceEqual(root)).Should().BeTrue($"another leaf at {i} of {n}");
                }
            }
        }

        MerkleTree.RootFromPath(Leaves(1)[0], 3, 2, []).Should().BeNull();
    }
}
