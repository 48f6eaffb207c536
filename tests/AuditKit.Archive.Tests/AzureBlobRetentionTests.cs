using AuditKit.Archive.Tests.Support;

namespace AuditKit.Archive.Tests;

/// <summary>
/// The retention job with its archives in Azure Blob Storage (Azurite): exactly the expired, archivable events land in the container and
/// read back verified; a tampered object is refused; a purge past the archive period keeps the held archive.
/// </summary>
public sealed class AzureBlobRetentionTests() : ArchiveRetentionFixture(new AzuriteServer())
{
    [Test]
    public Task RunAsync_ArchivesToAzureBlob_TheExpiredEventsReadBackVerifiedAndATamperedObjectIsRefused() =>
        ArchivesReadBackVerifiedAndATamperedObjectIsRefusedAsync();

    [Test]
    public Task RunAsync_HundredDaysLater_PurgesExpiredArchivesFromTheContainerButKeepsTheHeldOne() =>
        HundredDaysLaterPurgesExpiredArchivesButKeepsTheHeldOneAsync();
}
