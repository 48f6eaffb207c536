using AuditKit.Archive.Tests.Support;

namespace AuditKit.Archive.Tests;

/// <summary>The Azure Blob target against Azurite: each operation checked with the SDK's own view of the container.</summary>
public sealed class AzureBlobArchiveTargetTests() : ArchiveTargetFixture(new AzuriteServer())
{
    [Test]
    public Task UploadListOpenDelete_UnderAPrefix_StoresTheExactBytesUnderPrefixedNames() =>
        UploadListOpenDeleteUnderAPrefixAsync(9 * 1024 * 1024 + 17);

    [Test]
    public Task Upload_SameName_ReplacesTheBlob() => UploadSameNameReplacesTheObjectAsync();

    [Test]
    public Task Upload_BadName_ThrowsNamingTheParameterAndWritesNothing() => UploadBadNameThrowsNamingTheParameterAndWritesNothingAsync();
}
