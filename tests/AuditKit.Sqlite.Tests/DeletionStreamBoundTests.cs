using AuditKit.Sqlite.Tests.Support;

namespace AuditKit.Sqlite.Tests;

/// <summary><see cref="AuditDeletionRequest.StreamId"/> and <see cref="AuditDeletionRequest.ThroughSequence"/>: retention deletes exactly what it archived.</summary>
public sealed class DeletionStreamBoundTests
{
    [Test]
    public async Task DeleteEventsAsync_WithAStreamBound_DeletesOnlyUpToThatSequence()
    {
        using var folder = new TempFolder();
        var year = await RetentionYear.WriteAsync(folder.File("audit.db"));
        await using var store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={year.Path}" });
        var request = new AuditDeletionRequest(AuditCategory.Security, DateTimeOffset.UnixEpoch, RetentionYear.Now) { StreamId = 1, ThroughSequence = 600 };

        var result = await store.DeleteEventsAsync(request);

        result.Deleted.Should().Be(year.Events.Count(e => e.Category == AuditCategory.Security && e.Sequence <= 600));
        result.Completed.Should().BeTrue();
        (await store.DeleteEventsAsync(request with { StreamId = 2 })).Deleted.Should().Be(0, "stream 2 has no events");
    }

    [TestCase(1, null, "ThroughSequence", TestName = "Validate_StreamIdWithoutThroughSequence_NamesTheField")]
    [TestCase(null, 5L, "ThroughSequence", TestName = "Validate_ThroughSequenceWithoutStreamId_NamesTheField")]
    [TestCase(0, 5L, "StreamId", TestName = "Validate_StreamIdZero_NamesTheField")]
    public void Validate_InvalidStreamBound_Throws(int? stream, long? through, string field)
    {
        var request = new AuditDeletionRequest(AuditCategory.Security, DateTimeOffset.UnixEpoch, RetentionYear.Now) { StreamId = stream, ThroughSequence = through };

        request.Invoking(r => r.Validate()).Should().Throw<ArgumentException>().Which.ParamName.Should().Be(field);
    }
}
