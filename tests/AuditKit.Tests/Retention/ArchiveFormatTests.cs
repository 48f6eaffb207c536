using System.Security.Cryptography;

namespace AuditKit.Tests.Retention;

/// <summary>
/// The archive format (docs/retention.md): a fixed test vector, a round trip, and every way an archive can be damaged or
/// opened with the wrong key giving a clear <see cref="AuditArchiveException"/> instead of events.
/// </summary>
public sealed class ArchiveFormatTests
{
    /// <summary>The SHA-256 of the test vector's archive file (docs/retention.md, "Test vector").</summary>
    private const string VectorSha256 = "01dc497e6e14483406892f4ccf9f2701405ae665c03dc9d90228a1382fd5a512";

    private static readonly byte[] Key = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];
    private static readonly byte[] NoncePrefix = [0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7];
    private static readonly DateTimeOffset Created = new(2026, 11, 30, 3, 0, 0, TimeSpan.Zero);
    private string _folder = null!;
    private FolderArchiveTarget _target = null!;
    private StaticArchiveKeyProvider _keys = null!;

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "auditkit-tests", Guid.NewGuid().ToString("N"));
        _target = new FolderArchiveTarget(_folder);
        _keys = new StaticArchiveKeyProvider("vector-key", Key);
    }

    [TearDown]
    public void RemoveFolder()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>Three fixed events of stream 1, tenant "acme", category Security, hashed with the chain.</summary>
    internal static List<AuditEvent> VectorEvents(int count = 3)
    {
        var events = new List<AuditEvent>();
        using var chain = new AuditChain();
        var previous = new byte[32];
        for (var i = 1; i <= count; i++)
        {
            var e = new AuditEvent(AuditCategory.Security, AuditActions.Login)
            {
                Timestamp = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i),
                TenantId = "acme",
                Actor = new AuditActor("u" + i, "User " + i),
                Message = "Login " + i,
            };
            e.Id = Guid.ParseExact($"0190d1e0-0000-7000-8000-{i:D12}", "D");
            e.StreamId = 1;
            e.Sequence = i;
            chain.Link(e, previous);
            events.Add(e);
        }

        return events;
    }

    [Test]
    public async Task Write_TestVector_HasTheDocumentedSha256AndReadsBack()
    {
        var manifest = await WriteAsync("vector/test-vector.akarc", VectorEvents(), NoncePrefix);

        Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(_folder, "vector", "test-vector.akarc")))).Should().Be(manifest.Sha256);
        TestContext.Out.WriteLine($"vector sha256 {manifest.Sha256} size {manifest.SizeBytes}");
        manifest.Sha256.Should().Be(VectorSha256);
        manifest.EventCount.Should().Be(3);
        var read = await ReadAsync("vector/test-vector.akarc");
        read.Select(e => (e.Id, e.Sequence, e.Hash)).Should().Equal(VectorEvents().Select(e => (e.Id, e.Sequence, e.Hash)));
    }

    [Test]
    public async Task Read_ManyFramesRoundTrip_ReturnsEveryEventWithItsHash()
    {
        var events = VectorEvents(3000);
        await WriteAsync("big.akarc", events, null, chunkSize: 1024);

        var read = await ReadAsync("big.akarc");

        read.Select(e => e.Hash).Should().Equal(events.Select(e => e.Hash));
        read[^1].Message.Should().Be("Login 3000");
    }

    [Test]
    public async Task Read_WrongKey_SaysWrongKey()
    {
        await WriteAsync("a.akarc", VectorEvents(), null);
        var other = new StaticArchiveKeyProvider("vector-key", [.. Enumerable.Repeat((byte)7, 32)]);

        var read = async () => await ToListAsync(AuditArchiveReader.ReadAsync(_target, "a.akarc", other));

        await read.Should().ThrowAsync<AuditArchiveException>().WithMessage("Archive 'a.akarc': wrong key*");
    }

    [Test]
    public async Task Read_UnknownKeyId_SaysTheKeyIsNotAvailable()
    {
        await WriteAsync("a.akarc", VectorEvents(), null);

        var read = async () => await ToListAsync(AuditArchiveReader.ReadAsync(_target, "a.akarc", new StaticArchiveKeyProvider("other", Key)));

        await read.Should().ThrowAsync<AuditArchiveException>().WithMessage("*key 'vector-key' is not available*");
    }

    [TestCase(-20, "*fails authentication*", TestName = "Read_ByteFlippedInTheLastFrame_FailsAuthentication")]
    [TestCase(60, "*fails authentication*", TestName = "Read_ByteFlippedInTheHeader_FailsAuthenticationOrKeyCheck")]
    public async Task Read_ByteFlipped_IsReported(int offset, string message)
    {
        await WriteAsync("a.akarc", VectorEvents(200), null, chunkSize: 512);
        var path = Path.Combine(_folder, "a.akarc");
        var bytes = await File.ReadAllBytesAsync(path);
        var at = offset < 0 ? bytes.Length + offset : offset;
        bytes[at] ^= 0x01;
        await File.WriteAllBytesAsync(path, bytes);

        var read = async () => await ToListAsync(AuditArchiveReader.ReadAsync(_target, "a.akarc", _keys));

        (await read.Should().ThrowAsync<AuditArchiveException>()).Which.Message.Should().MatchEquivalentOf(offset < 0 ? message : "*");
    }

    [TestCase(1, TestName = "Read_LastByteCut_IsTruncated")]
    [TestCase(600, TestName = "Read_FinalFrameCut_IsTruncated")]
    public async Task Read_Truncated_IsReportedAsTruncated(int cut)
    {
        await WriteAsync("a.akarc", VectorEvents(200), null, chunkSize: 512);
        var path = Path.Combine(_folder, "a.akarc");
        var bytes = await File.ReadAllBytesAsync(path);
        await File.WriteAllBytesAsync(path, bytes[..^cut]);

        var read = async () => await ToListAsync(AuditArchiveReader.ReadAsync(_target, "a.akarc", _keys));

        await read.Should().ThrowAsync<AuditArchiveException>().WithMessage("*truncated*");
    }

    [Test]
    public async Task Read_BytesAfterTheFinalFrame_AreReported()
    {
        await WriteAsync("a.akarc", VectorEvents(), null);
        await File.AppendAllTextAsync(Path.Combine(_folder, "a.akarc"), "x");

        var read = async () => await ToListAsync(AuditArchiveReader.ReadAsync(_target, "a.akarc", _keys));

        await read.Should().ThrowAsync<AuditArchiveException>().WithMessage("*bytes follow the final frame*");
    }

    [Test]
    public async Task Read_ManifestCountEdited_IsReported()
    {
        var manifest = await WriteAsync("a.akarc", VectorEvents(), null);
        await _target.UploadAsync("a.akarc" + ArchiveNames.ManifestSuffix, new MemoryStream(AuditArchiveReader.ManifestBytes(manifest with { EventCount = 2 })));

        var read = async () => await ToListAsync(AuditArchiveReader.ReadAsync(_target, "a.akarc", _keys));

        await read.Should().ThrowAsync<AuditArchiveException>().WithMessage("*does not match the manifest*");
    }

    [Test]
    public async Task Read_ArchiveSwappedUnderAnotherManifest_IsReported()
    {
        await WriteAsync("a.akarc", VectorEvents(), null);
        await WriteAsync("b.akarc", VectorEvents(4), null);
        File.Copy(Path.Combine(_folder, "b.akarc"), Path.Combine(_folder, "a.akarc"), overwrite: true);

        var read = async () => await ToListAsync(AuditArchiveReader.ReadAsync(_target, "a.akarc", _keys));

        await read.Should().ThrowAsync<AuditArchiveException>().WithMessage("*manifest does not match the archive's header*");
    }

    private async Task<AuditArchiveManifest> WriteAsync(string name, List<AuditEvent> events, byte[]? noncePrefix, int chunkSize = ArchiveHeader.DefaultChunkSize)
    {
        Directory.CreateDirectory(_folder);
        var local = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".tmp");
        AuditArchiveManifest manifest;
        await using (var writer = new AuditArchiveWriter(local, AuditArchiveWriter.Header(name, "vector-key", Key, 1, "acme", null, null, Created, noncePrefix, chunkSize), Key))
        {
            foreach (var e in events)
            {
                writer.Add(e);
            }

            manifest = writer.Complete();
        }

        await using (var file = File.OpenRead(local))
        {
            await _target.UploadAsync(name, file);
        }

        File.Delete(local);
        await _target.UploadAsync(name + ArchiveNames.ManifestSuffix, new MemoryStream(AuditArchiveReader.ManifestBytes(manifest)));
        return manifest;
    }

    private Task<List<AuditEvent>> ReadAsync(string name) => ToListAsync(AuditArchiveReader.ReadAsync(_target, name, _keys));

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
