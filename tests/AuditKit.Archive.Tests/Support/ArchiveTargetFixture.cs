using System.Security.Cryptography;

namespace AuditKit.Archive.Tests.Support;

/// <summary>
/// An archive target against its service (<see cref="ArchiveService"/>), each operation checked with the SDK's own view
/// of the bucket or container: what each service's target tests check, said once.
/// </summary>
public abstract class ArchiveTargetFixture(ArchiveService service) : ArchiveServiceFixture(service)
{
    /// <summary>
    /// Upload (seekable and not; <paramref name="bigLength"/> bytes past the SDK's single-request size), list, open and
    /// delete under a prefix: the exact bytes under prefixed names.
    /// </summary>
    protected async Task UploadListOpenDeleteUnderAPrefixAsync(int bigLength)
    {
        var target = Service.NewTarget("audit/archives/");
        var big = RandomNumberGenerator.GetBytes(bigLength);
        var small = "{\"a\":1}"u8.ToArray();

        await target.UploadAsync("2026/x.akarc", new MemoryStream(big));
        await target.UploadAsync("2026/x.akarc.manifest.json", new NonSeekableStream(small));
        await target.UploadAsync("2025/y.akarc", new MemoryStream(small));

        (await Service.ObjectsAsync()).Should().BeEquivalentTo(new Dictionary<string, long>
        {
            ["audit/archives/2026/x.akarc"] = big.Length,
            ["audit/archives/2026/x.akarc.manifest.json"] = small.Length,
            ["audit/archives/2025/y.akarc"] = small.Length,
        });

        var listed = new List<ArchiveObject>();
        await foreach (var o in target.ListAsync("2026/"))
        {
            listed.Add(o);
        }

        listed.Should().Equal(new ArchiveObject("2026/x.akarc", big.Length), new ArchiveObject("2026/x.akarc.manifest.json", small.Length));

        await using (var read = await target.OpenReadAsync("2026/x.akarc"))
        {
            read.Should().NotBeNull();
            var copy = new MemoryStream();
            await read!.CopyToAsync(copy);
            copy.ToArray().Should().Equal(big);
        }

        (await target.OpenReadAsync("2026/missing.akarc")).Should().BeNull();

        await target.DeleteAsync("2026/x.akarc");
        await target.DeleteAsync("2026/never-was.akarc");
        (await Service.ObjectsAsync()).Keys.Should().BeEquivalentTo("audit/archives/2026/x.akarc.manifest.json", "audit/archives/2025/y.akarc");
    }

    /// <summary>An upload under an existing name replaces the object.</summary>
    protected async Task UploadSameNameReplacesTheObjectAsync()
    {
        var target = Service.NewTarget();
        await target.UploadAsync("a.akarc", new MemoryStream([1, 2, 3]));
        await target.UploadAsync("a.akarc", new MemoryStream([4, 5]));

        (await Service.ReadObjectAsync("a.akarc")).Should().Equal(4, 5);
    }

    /// <summary>A name that leaves the prefix throws naming the parameter and writes nothing.</summary>
    protected async Task UploadBadNameThrowsNamingTheParameterAndWritesNothingAsync()
    {
        var target = Service.NewTarget();
        var act = () => target.UploadAsync("../escape.akarc", new MemoryStream([1]));
        await act.Should().ThrowAsync<ArgumentException>().WithParameterName("name");
        (await Service.ObjectsAsync()).Should().BeEmpty();
    }

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
