using AuditKit.Archive.Tests.Support;

namespace AuditKit.Archive.Tests;

/// <summary>The S3 target against a real S3 API (s3rver): each operation checked with the SDK's own view of the bucket.</summary>
public sealed class S3ArchiveTargetTests() : ArchiveTargetFixture(new S3Server())
{
    [Test]
    public Task UploadListOpenDelete_UnderAPrefix_StoresTheExactBytesUnderPrefixedKeys() =>
        UploadListOpenDeleteUnderAPrefixAsync(3 * 1024 * 1024 + 17);

    [Test]
    public Task Upload_SameName_ReplacesTheObject() => UploadSameNameReplacesTheObjectAsync();

    [Test]
    public Task Upload_BadName_ThrowsNamingTheParameterAndWritesNothing() => UploadBadNameThrowsNamingTheParameterAndWritesNothingAsync();
}
