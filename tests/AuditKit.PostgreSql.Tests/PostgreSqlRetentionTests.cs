using System.Security.Cryptography;
using AuditKit.Storage.Conformance.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace AuditKit.PostgreSql.Tests;

/// <summary>Whole months leave by dropping their partition, not row by row.</summary>
[TestFixture]
public sealed class PostgreSqlRetentionTests
{
    [Test]
    public async Task DropMonthsBefore_RemovesWholeExpiredMonthsAndTheirRollups_KeepsTheRest()
    {
        await using var store = PostgreSqlServer.NewStore(out _);
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var events = EventGenerator.Generate(3_000, start, TimeSpan.FromDays(89), seed: 7); // January to March
        events.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
        await StoreSeeder.AppendAsync(store, events);
        var march = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var kept = events.Count(e => e.Timestamp >= march);

        var dropped = await store.DropMonthsBeforeAsync(march.AddDays(10));

        dropped.Should().Equal(start, start.AddMonths(1));
        (await store.CountAsync(new AuditQuery())).Should().Be(kept, "the roll-ups of dropped months go with them");
        (await store.CountAsync(new AuditQuery { From = start, To = march })).Should().Be(0);
        var page = await store.QueryAsync(new AuditQuery { PageSize = 1_000 });
        page.Events.Should().OnlyContain(e => e.Timestamp >= march);
        (await store.AggregateAsync(new AggregateQuery { From = start, To = march.AddMonths(1), GroupBy = AggregateDimension.Day })).Sum(c => c.Count).Should().Be(kept);

        (await store.DropMonthsBeforeAsync(march.AddDays(10))).Should().BeEmpty("nothing more to drop");

        // A late event for a dropped month recreates its partition instead of failing.
        var late = EventGenerator.Generate(1, start.AddDays(14), TimeSpan.FromHours(1), seed: 8);
        await StoreSeeder.AppendAsync(store, late, streamId: events[0].StreamId);
        (await store.CountAsync(new AuditQuery { From = start, To = march })).Should().Be(1);
    }

    [Test]
    public async Task DropMonthsBefore_WithTheWritersMonthEndCheckpoints_TheRestVerifiesFromTheCheckpointAtTheCut()
    {
        await using var store = PostgreSqlServer.NewStore(out var schema);
        var key = RandomNumberGenerator.GetBytes(32);
        var events = await WriteThreeMonthsAsync(store, new HmacCheckpointSigner(key, "retention-test"));
        var march = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var lastOfFebruary = events.Last(e => e.Timestamp < march).Sequence;   // the oracle: from the generated events
        var firstOfMarch = events.First(e => e.Timestamp >= march);

        await store.DropMonthsBeforeAsync(march.AddDays(10));
        var report = await new AuditVerifier(store).VerifyAsync(CheckpointVerifier.FromHmacKey(key));

        (await store.GetCheckpointsAsync(firstOfMarch.StreamId)).Select(c => c.ToSequence).Should().Contain(lastOfFebruary, "retention keeps the checkpoint at the cut");
        report.Intact.Should().BeTrue(string.Join("\n", report.Issues));
        report.UnanchoredStarts.Should().BeEmpty("the checkpoint at the end of February anchors the first event of March");
        report.EventsChecked.Should().Be(events.Count(e => e.Timestamp >= march));

        // The anchor is really used: the first remaining event must link to the checkpoint's head.
        await SqlAsync(schema, $"UPDATE audit_events SET prev_hash = decode('{new string('0', 64)}', 'hex') WHERE key = {AuditStreamKey.Pack(firstOfMarch.StreamId, firstOfMarch.Sequence)};");
        var broken = await new AuditVerifier(store).VerifyAsync(CheckpointVerifier.FromHmacKey(key));
        broken.Issues.Should().Contain(i => i.Kind == VerificationIssueKind.BrokenLink && i.Sequence == firstOfMarch.Sequence)
            .And.OnlyContain(i => i.Sequence == firstOfMarch.Sequence, "the hash covers the previous hash too, so the event also reads as edited");
    }

    [Test]
    public async Task DropMonthsBefore_WithoutACheckpointAtTheCut_ReportsAnUnanchoredStart_NotTampering()
    {
        await using var store = PostgreSqlServer.NewStore(out _);
        var events = await WriteThreeMonthsAsync(store, signer: null);
        var march = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var firstOfMarch = events.First(e => e.Timestamp >= march).Sequence;

        await store.DropMonthsBeforeAsync(march.AddDays(10));
        var report = await new AuditVerifier(store).VerifyAsync();

        report.Intact.Should().BeTrue(string.Join("\n", report.Issues));
        report.EventsChecked.Should().Be(events.Count(e => e.Timestamp >= march));
        report.UnanchoredStarts.Should().ContainSingle().Which.Should().Match<UnanchoredStart>(u => u.FirstSequence == firstOfMarch
            && u.Detail.Contains($"the log starts at sequence {firstOfMarch} without an anchoring checkpoint", StringComparison.Ordinal));
    }

    // 3,000 events from January to March 2025 in one stream, written batch by batch as the writer does, with its
    // checkpointer (checkpoints every 1,000 events and at each month's end) when a signer is given.
    private static async Task<List<AuditEvent>> WriteThreeMonthsAsync(PostgreSqlAuditStore store, ICheckpointSigner? signer)
    {
        var events = EventGenerator.Generate(3_000, new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromDays(89), seed: 11);
        events.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
        var checkpointer = new Checkpointer(store, new CheckpointOptions { Signer = signer, EveryEvents = 1_000, Every = TimeSpan.FromDays(1_000) }, TimeProvider.System, NullLogger.Instance);
        int? stream = null;
        foreach (var batch in events.Chunk(250))
        {
            var first = stream is null;
            stream = await StoreSeeder.AppendAsync(store, batch, streamId: stream);
            if (checkpointer.Enabled)
            {
                if (first)
                {
                    checkpointer.Start(stream.Value);
                }

                checkpointer.Add(batch);
                await checkpointer.MaybeCheckpointAsync(batch[^1].Sequence, CancellationToken.None);
            }
        }

        return events;
    }

    private static async Task SqlAsync(string schema, string sql)
    {
        await using var connection = new NpgsqlConnection(PostgreSqlServer.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SET search_path TO {schema}; {sql}", connection);
        await command.ExecuteNonQueryAsync();
    }
}
