using System.Security.Cryptography;
using System.Text;

namespace AuditKit.Tests.Integrity;

/// <summary>The test vectors of docs/integrity.md: a third party re-implementing the canonical form must get these bytes and hashes.</summary>
public sealed class CanonicalFormTests
{
    internal static AuditEvent VectorEvent()
    {
        var e = new AuditEvent(AuditCategory.RecordChange, AuditActions.Update)
        {
            Timestamp = new DateTimeOffset(2026, 1, 22, 15, 45, 32, TimeSpan.Zero).AddTicks(1234560),
            TenantId = "acme",
            Message = "Credit limit change \"Q1\"\n",
            Actor = new AuditActor("jsmith", "John Smith", "john@example.com", "Sales Manager"),
            Client = new AuditClient("192.168.1.105", Device: "Chrome on Windows", SessionId: "sess_abc123"),
            Target = new AuditTarget("Customer", "CUST-12345", "Acme Corporation"),
            Changes =
            [
                new FieldChange("CreditLimit", "10000.00", "15000.00", DisplayName: "Credit Limit"),
                new FieldChange("Status", "Active", "Active", FieldChangeKind.Unchanged),
            ],
            CorrelationId = "req-42",
            Metadata = AuditMetadata.Create(("z", 1), ("a", "ü\u0001")),
        };
        e.Id = Guid.Parse("019be6a2-7a5c-7000-8000-000000000001");
        e.StreamId = 1;
        e.Sequence = 1;
        return e;
    }

    internal const string VectorJson =
        "{\"action\":\"Update\"," +
        "\"actor\":{\"email\":\"john@example.com\",\"id\":\"jsmith\",\"kind\":\"User\",\"name\":\"John Smith\",\"role\":\"Sales Manager\"}," +
        "\"category\":\"RecordChange\"," +
        "\"changes\":[{\"displayName\":\"Credit Limit\",\"field\":\"CreditLimit\",\"kind\":\"Modified\",\"new\":\"15000.00\",\"old\":\"10000.00\"}," +
        "{\"field\":\"Status\",\"kind\":\"Unchanged\",\"new\":\"Active\",\"old\":\"Active\"}]," +
        "\"client\":{\"device\":\"Chrome on Windows\",\"ipAddress\":\"192.168.1.105\",\"sessionId\":\"sess_abc123\"}," +
        "\"correlationId\":\"req-42\"," +
        "\"id\":\"019be6a27a5c70008000000000000001\"," +
        "\"message\":\"Credit limit change \\\"Q1\\\"\\n\"," +
        "\"metadata\":{\"a\":\"ü\\u0001\",\"z\":1}," +
        "\"outcome\":\"Success\",\"risk\":\"None\",\"sequence\":1,\"streamId\":1," +
        "\"target\":{\"entityType\":\"Customer\",\"recordId\":\"CUST-12345\",\"recordName\":\"Acme Corporation\"}," +
        "\"tenantId\":\"acme\",\"timestamp\":\"2026-01-22T15:45:32.123456Z\"}";

    [Test]
    public void CanonicalBytes_VectorEvent_AreTheDocumentedJson()
    {
        Encoding.UTF8.GetString(AuditChain.CanonicalBytes(VectorEvent())).Should().Be(VectorJson);
    }

    [Test]
    public void Link_FirstEvent_HashesGenesisThenCanonicalBytes()
    {
        var e = VectorEvent();
        var head = new byte[32];
        using var chain = new AuditChain();

        chain.Link(e, head);

        var expected = SHA256.HashData([.. new byte[32], .. Encoding.UTF8.GetBytes(VectorJson)]);
        e.PreviousHash.Should().Be(new string('0', 64));
        e.Hash.Should().Be(Convert.ToHexStringLower(expected));
        e.Hash.Should().Be("acec873de7a27986e8cbc8df0c7b5d912fa5c59f3eb08f05778d0afd424fdbe5", "docs/integrity.md publishes this digest");
        head.Should().Equal(expected, "the head moves to the new hash");
    }

    [Test]
    public void Link_SecondEvent_ChainsOnTheFirstHash()
    {
        using var chain = new AuditChain();
        var head = new byte[32];
        var first = VectorEvent();
        chain.Link(first, head);
        var second = VectorEvent();
        second.Sequence = 2;

        chain.Link(second, head);

        second.PreviousHash.Should().Be(first.Hash);
        var json = VectorJson.Replace("\"sequence\":1", "\"sequence\":2", StringComparison.Ordinal);
        second.Hash.Should().Be(Convert.ToHexStringLower(SHA256.HashData([.. Convert.FromHexString(first.Hash!), .. Encoding.UTF8.GetBytes(json)])));
        second.Hash.Should().Be("fba8721df6196c4dd5d88eaa706e0711fbe28d11db4fdaed468d5218dd32deb8", "docs/integrity.md publishes this digest");
    }

    [Test]
    public void CanonicalBytes_AnyFieldChange_ChangesTheBytes()
    {
        var original = AuditChain.CanonicalBytes(VectorEvent());
        var edited = VectorEvent();
        edited.SetChanges([new FieldChange("CreditLimit", "10000.00", "15000.01", DisplayName: "Credit Limit"), edited.Changes[1]]);

        AuditChain.CanonicalBytes(edited).Should().NotEqual(original);
    }
}

/// <summary>The checkpoint and proof test vectors of docs/integrity.md.</summary>
public sealed class CheckpointVectorTests
{
    private static readonly byte[] HmacKey = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    [Test]
    public void Checkpoint_OverTheTwoVectorEvents_HasTheDocumentedRootBytesAndSignature()
    {
        var first = CanonicalFormTests.VectorEvent();
        var second = CanonicalFormTests.VectorEvent();
        second.Sequence = 2;
        using var chain = new AuditChain();
        var head = new byte[32];
        chain.Link(first, head);
        chain.Link(second, head);
        var leaves = new List<byte[]> { MerkleTree.LeafHash(first.HashBytes!), MerkleTree.LeafHash(second.HashBytes!) };
        var signer = new HmacCheckpointSigner(HmacKey, "auditor-2026");

        var unsigned = new AuditCheckpoint(1, 1, 2, second.Hash!, Convert.ToHexStringLower(MerkleTree.Root(leaves)),
            new DateTimeOffset(2026, 1, 22, 16, 0, 0, TimeSpan.Zero), signer.KeyId, signer.Algorithm, "");
        var checkpoint = unsigned with { Signature = Convert.ToBase64String(signer.Sign(unsigned.SignedBytes())) };

        checkpoint.MerkleRoot.Should().Be("a3a878ee3cc7507f16e8ced4c33f1e7a14015d8d0cc766cb3e8e69ebc6bb52ff");
        System.Text.Encoding.UTF8.GetString(checkpoint.SignedBytes()).Should().Be(
            "{\"algorithm\":\"HS256\",\"fromSequence\":1,\"headHash\":\"fba8721df6196c4dd5d88eaa706e0711fbe28d11db4fdaed468d5218dd32deb8\",\"keyId\":\"auditor-2026\",\"merkleRoot\":\"a3a878ee3cc7507f16e8ced4c33f1e7a14015d8d0cc766cb3e8e69ebc6bb52ff\",\"streamId\":1,\"timestamp\":\"2026-01-22T16:00:00.000000Z\",\"toSequence\":2,\"type\":\"auditkit.checkpoint.v1\"}");
        checkpoint.Signature.Should().Be("qmK+8Kwt0UCX40nF1OsKmerQkldZuyOmMm+eJ7fQuAs=");
        CheckpointVerifier.FromHmacKey(HmacKey).Verify(checkpoint).Should().BeTrue();
        AuditCheckpoint.FromJson(checkpoint.ToJson()).Should().Be(checkpoint);

        var proof = AuditProof.Create(first, 0, 2, MerkleTree.AuditPath(leaves, 0), checkpoint);
        proof.AuditPath.Should().Equal("ff4608ba1be48f20121ea89ad3e2bd49004d7f10c998b75fef00dcea2d4cfd96");
        proof.Verify(CheckpointVerifier.FromHmacKey(HmacKey)).Should().BeTrue();
        proof.Verify(CheckpointVerifier.FromHmacKey(new byte[32])).Should().BeFalse();
    }
}
