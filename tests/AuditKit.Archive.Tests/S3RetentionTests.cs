using AuditKit.Archive.Tests.Support;

namespace AuditKit.Archive.Tests;

/// <summary>
/// The retention job with its archives in S3 (s3rver): exactly the expired, archivable events land in the bucket and
/// read back verified; a tampered object is refused; a purge past the archive period keeps the held archive.
/// </summary>
public sealed class S3RetentionTests() : ArchiveRetentionFixture(new S3Server())
{
    [Test]
    public Task RunAsync_ArchivesToS3_TheExpiredEventsReadBackVerifiedAndATamperedObjectIsRefused() =>
        ArchivesReadBackVerifiedAndATamperedObjectIsRefusedAsync();

    [Test]
    public Task RunAsync_HundredDaysLater_PurgesExpiredArchivesFromTheBucketButKeepsTheHeldOne() =>
        HundredDaysLaterPurgesExpiredArchivesButKeepsTheHeldOneAsync();
}
