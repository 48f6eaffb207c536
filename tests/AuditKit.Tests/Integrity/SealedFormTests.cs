using System.Security.Cryptography;
using System.Text;

namespace AuditKit.Tests.Integrity;

/// <summary>The erasure test vector of docs/integrity.md: sealed fields hash as commitments, before and after erasure.</summary>
public sealed class SealedFormTests
{
    private const string EmailCommitment = "0ed8f2fddf0b6a6af9b8e8b1cf9984baea96c8180b0c90747feb2c7ebb0d9c68";
    private const string NewValueCommitment = "81d452e63f6fa760e17502a726b26a81929d74268fe76b7cca1a8316da50b745";
    private const string SealedHash = "5191bc410d3196d8a94bfd7cb8bd67b30a13534fe8e9b07265c4708bc10eb049";

    private static readonly string SealedJson = CanonicalFormTests.VectorJson
        .Replace("\"email\":\"john@example.com\"", $"\"email\":{{\"sha256\":\"{EmailCommitment}\"}}", StringComparison.Ordinal)
        .Replace("\"new\":\"15000.00\"", $"\"new\":{{\"sha256\":\"{NewValueCommitment}\"}}", StringComparison.Ordinal);

    [Test]
    public void CanonicalBytes_SealedVectorEvent_ShowCommitmentsNotValues()
    {
        var e = SealedVectorEvent();

        Encoding.UTF8.GetString(AuditChain.CanonicalBytes(e)).Should().Be(SealedJson);
        Convert.ToHexStringLower(SHA256.HashData([.. new byte[32], .. Encoding.UTF8.GetBytes(SealedJson)])).Should().Be(SealedHash, "docs/integrity.md publishes this digest");
    }

    [Test]
    public void Erase_SealedVectorEvent_KeepsTheCanonicalBytesAndHash()
    {
        var e = SealedVectorEvent();
        using var chain = new AuditChain();
        chain.Link(e, new byte[32]);
        var erased = ErasurePlan.Apply(e, ErasureRequest.ForActor("jsmith", "DSR-1"), "dpo", DateTimeOffset.UnixEpoch).Copy!;
        var erasedRecord = ErasurePlan.Apply(erased, ErasureRequest.ForRecord("Customer", "CUST-12345", "DSR-1"), "dpo", DateTimeOffset.UnixEpoch).Copy!;

        erasedRecord.Actor!.Email.Should().BeNull();
        erasedRecord.Changes[0].NewValue.Should().BeNull();
        erasedRecord.Changes[0].OldValue.Should().Be("10000.00", "only sealed values are erased");
        Encoding.UTF8.GetString(AuditChain.CanonicalBytes(erasedRecord)).Should().Be(SealedJson);
        erasedRecord.Hash.Should().Be(SealedHash);
        erasedRecord.Erasures.Select(x => x.Fields.Single()).Should().Equal("actor.email", "changes[0].new");
    }

    [Test]
    public void CanonicalBytes_SealedValueChanged_NoLongerMatch()
    {
        var sealedEvent = SealedVectorEvent();
        var e = sealedEvent with { Actor = new AuditActor("jsmith", "John Smith", "jane@example.com", "Sales Manager") };
        e.CopyWrittenIdentityFrom(sealedEvent);
        e.SetSeals(sealedEvent.Seals);

        Encoding.UTF8.GetString(AuditChain.CanonicalBytes(e)).Should().NotBe(SealedJson);
    }

    [Test]
    public void JournalForm_SealedEvent_RoundTripsValuesSaltsAndHash()
    {
        var e = SealedVectorEvent();
        using var chain = new AuditChain();
        chain.Link(e, new byte[32]);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();

        AuditEventJson.Write(e, buffer);
        using var document = System.Text.Json.JsonDocument.Parse(buffer.WrittenMemory);
        var back = AuditEventJson.Read(document.RootElement);

        back.Actor!.Email.Should().Be("john@example.com");
        Encoding.UTF8.GetString(AuditChain.CanonicalBytes(back)).Should().Be(SealedJson);
    }

    private static AuditEvent SealedVectorEvent()
    {
        var e = CanonicalFormTests.VectorEvent();
        var seals = new PersonalSeals();
        seals.Set(PersonalSeals.ActorEmail, new Seal([.. Enumerable.Range(0, 16).Select(i => (byte)i)], IsCommitment: false));
        seals.Set(PersonalSeals.ChangePath(0, "new"), new Seal([.. Enumerable.Range(16, 16).Select(i => (byte)i)], IsCommitment: false));
        e.SetSeals(seals);
        return e;
    }
}
