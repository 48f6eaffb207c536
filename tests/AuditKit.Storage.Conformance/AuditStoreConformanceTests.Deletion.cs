using AuditKit.Storage.Conformance.Support;

namespace AuditKit.Storage.Conformance;

/// <summary>
/// The deletion primitive (<see cref="AuditStore.DeleteEventsAsync"/>): category and range, bounded batches, legal holds,
/// tombstones, and the verifier's result afterwards. The expected sets come from predicates written here.
/// </summary>
public abstract partial class AuditStoreConformanceTests
{
    private static readonly DateTimeOffset DeleteFrom = Start.AddDays(1);
    private static readonly DateTimeOffset DeleteTo = Start.AddDays(5);

    [Test]
    public virtual async Task DeleteEvents_CategoryRangeAndHolds_DeletesExactlyTheUnheldInBoundedBatches()
    {
        if (!await SupportsAsync(AuditStoreFeatures.Deletion, s => s.DeleteEventsAsync(new AuditDeletionRequest(AuditCategory.System, Start, Start.AddDays(1)))))
        {
            return;
        }

        await using var store = await CreateStoreAsync();
        var events = EventGenerator.Generate(800, Start, TimeSpan.FromDays(6), seed: 11);
        events.Add(new AuditEvent(AuditCategory.System, "Ping") { Timestamp = Start.AddDays(7) });
        var stream = await StoreSeeder.AppendAsync(store, events, batchSize: 200);
        bool InSelection(AuditEvent e) => e.Category == AuditCategory.RecordChange && e.Timestamp >= DeleteFrom && e.Timestamp < DeleteTo;
        var order = events.First(e => InSelection(e) && e.Target?.EntityType == "Order" && e.Actor?.Id != "jsmith").Target!.RecordId!;
        var holdFrom = Start.AddDays(2);
        var holdTo = holdFrom.AddHours(6);
        bool Held(AuditEvent e) =>
            e.Actor?.Id == "jsmith"
            || (e.TenantId == "globex" && e.Target?.EntityType == "Customer")
            || (e.Target?.EntityType == "Order" && e.Target.RecordId == order)
            || (e.Timestamp >= holdFrom && e.Timestamp < holdTo);
        var expectedDeleted = events.Where(e => InSelection(e) && !Held(e)).ToList();
        var expectedHeld = events.Count(e => InSelection(e) && Held(e));
        var remaining = events.Where(e => !expectedDeleted.Contains(e)).ToList();
        expectedDeleted.Should().HaveCountGreaterThan(100);
        expectedHeld.Should().BeGreaterThan(20);
        var textBefore = await MatchingIdsAsync(store, "credit");

        var request = new AuditDeletionRequest(AuditCategory.RecordChange, DeleteFrom, DeleteTo)
        {
            Holds =
            [
                new AuditLegalHold { ActorId = "jsmith" },
                new AuditLegalHold { TenantId = "globex", EntityType = "Customer" },
                new AuditLegalHold { EntityType = "Order", RecordId = order },
                new AuditLegalHold { From = holdFrom, To = holdTo },
            ],
            BatchSize = 40,
        };
        var calls = new List<AuditDeletionResult>();
        do
        {
            calls.Add(await store.DeleteEventsAsync(request));
        }
        while (!calls[^1].Completed && calls.Count < 100);

        calls.Should().OnlyContain(c => c.Deleted <= 40, "a call deletes at most one batch");
        calls.Should().HaveCountGreaterThan(expectedDeleted.Count / 40);
        calls.Sum(c => c.Deleted).Should().Be(expectedDeleted.Count);
        calls[^1].Held.Should().Be(expectedHeld);
        (await store.DeleteEventsAsync(request)).Should().Be(new AuditDeletionResult(0, expectedHeld, true), "calling again once done deletes nothing");

        (await store.ReadStreamAsync(stream).ToListAsync()).Select(e => e.Id).Should().Equal(remaining.Select(e => e.Id));
        (await store.GetAsync(expectedDeleted[0].Id)).Should().BeNull();
        (await store.GetAsync(stream, expectedDeleted[0].Sequence)).Should().BeNull();
        (await store.CountAsync(new AuditQuery())).Should().Be(remaining.Count, "roll-ups are counted down");
        (await store.CountAsync(new AuditQuery { Categories = [AuditCategory.RecordChange] })).Should().Be(remaining.Count(e => e.Category == AuditCategory.RecordChange));
        (await store.CountAsync(new AuditQuery { Categories = [AuditCategory.RecordChange], From = DeleteFrom, To = DeleteTo, ActorIds = ["jsmith", "sjones"] }))
            .Should().Be(remaining.Count(e => InSelection(e) && e.Actor?.Id is "jsmith" or "sjones"));
        (await store.AggregateAsync(new AggregateQuery { From = Start, To = Start.AddDays(8), GroupBy = AggregateDimension.Category }))
            .Select(c => (c.Key, c.Count)).Should().BeEquivalentTo(remaining.GroupBy(e => AuditCanonicalForm.CategoryName(e.Category)).Select(g => (g.Key, (long)g.Count())));
        (await store.GetStorageInfoAsync("acme")).EventCount.Should().Be(remaining.Count(e => e.TenantId == "acme"));
        (await store.GetStorageInfoAsync()).Streams.Single(s => s.StreamId == stream).EventCount.Should().Be(remaining.Count, "a stream's count leaves out its deleted positions");
        var pair = new AuditQuery { From = Start.AddMinutes(30), To = Start.AddDays(6), ActorIds = ["sjones"], Actions = [AuditActions.Update] };
        (await store.CountAsync(pair)).Should().Be(remaining.Count(e => QueryCases.Matches(e, pair)), "daily and pair roll-ups are counted down too");
        (await MatchingIdsAsync(store, "credit")).Should().BeEquivalentTo(textBefore.Except(expectedDeleted.Select(e => e.Id)), "the free-text index loses the deleted events");

        var tombstones = await store.ReadTombstonesAsync(stream).ToListAsync();
        tombstones.Select(t => (t.Sequence, t.Hash, t.PreviousHash, t.Category)).Should().Equal(
            expectedDeleted.OrderBy(e => e.Sequence).Select(e => (e.Sequence, e.Hash!, e.PreviousHash!, e.Category)));

        var report = await AuditIntegrity.CreateVerifier(store).VerifyAsync();
        report.Issues.Should().BeEmpty("a retention deletion is not tampering");
        report.Intact.Should().BeTrue();
        report.EventsDeleted.Should().Be(expectedDeleted.Count);
        report.EventsChecked.Should().Be(remaining.Count);
        report.UnanchoredStarts.Should().BeEmpty("the tombstones keep the chain from sequence 1");
    }

    [Test]
    public virtual async Task DeleteEvents_NewestEventOfAStream_IsKeptUntilANewerOneIsWritten()
    {
        if (!await SupportsAsync(AuditStoreFeatures.Deletion, s => s.DeleteEventsAsync(new AuditDeletionRequest(AuditCategory.System, Start, Start.AddDays(1)))))
        {
            return;
        }

        await using var store = await CreateStoreAsync();
        var events = Enumerable.Range(0, 5).Select(i => new AuditEvent(AuditCategory.System, "Ping") { Timestamp = Start.AddMinutes(i) }).ToList();
        var stream = await StoreSeeder.AppendAsync(store, events);
        var request = new AuditDeletionRequest(AuditCategory.System, Start, Start.AddDays(1));

        (await store.DeleteEventsAsync(request)).Should().Be(new AuditDeletionResult(4, 0, true));

        (await store.ReadStreamAsync(stream).ToListAsync()).Select(e => e.Sequence).Should().Equal(5);
        await using (var lease = await store.OpenStreamAsync(stream, "tests"))
        {
            lease.LastSequence.Should().Be(5, "a writer continues the chain after the kept head");
            lease.LastHash.Should().Be(events[^1].Hash);
        }

        await StoreSeeder.AppendAsync(store, [new AuditEvent(AuditCategory.System, "Ping") { Timestamp = Start.AddDays(2) }], streamId: stream);
        (await store.DeleteEventsAsync(request)).Deleted.Should().Be(1, "event 5 is no longer the newest");
        var report = await AuditIntegrity.CreateVerifier(store).VerifyAsync();
        report.Intact.Should().BeTrue();
        (report.EventsChecked, report.EventsDeleted).Should().Be((1L, 5L));
    }

    [Test]
    public virtual async Task DeleteEvents_InsideASignedCheckpoint_CheckpointAndProofsStillVerify()
    {
        if (!await SupportsAsync(AuditStoreFeatures.Deletion, s => s.DeleteEventsAsync(new AuditDeletionRequest(AuditCategory.System, Start, Start.AddDays(1)))))
        {
            return;
        }

        await using var store = await CreateStoreAsync();
        var events = EventGenerator.Generate(300, Start, TimeSpan.FromDays(2), seed: 5);
        events.Add(new AuditEvent(AuditCategory.System, "Ping") { Timestamp = Start.AddDays(3) });
        var stream = await StoreSeeder.AppendAsync(store, events);
        var key = System.Security.Cryptography.SHA256.HashData("conformance-deletion-key"u8);
        var signer = new HmacCheckpointSigner(key, "k1");
        var covered = events.Take(300).ToList();
        var unsigned = new AuditCheckpoint(
            stream, 1, 300, covered[^1].Hash!, Convert.ToHexStringLower(MerkleTree.Root(covered.Select(e => MerkleTree.LeafHash(Convert.FromHexString(e.Hash!))).ToList())),
            Start.AddDays(3), signer.KeyId, signer.Algorithm, string.Empty);
        await store.AppendCheckpointAsync(unsigned with { Signature = Convert.ToBase64String(signer.Sign(unsigned.SignedBytes())) });
        var request = new AuditDeletionRequest(AuditCategory.RecordChange, Start, Start.AddDays(2)) { BatchSize = 1_000 };

        var result = await store.DeleteEventsAsync(request);

        result.Deleted.Should().Be(covered.Count(e => e.Category == AuditCategory.RecordChange)).And.BeGreaterThan(50);
        var verifier = AuditIntegrity.CreateVerifier(store);
        var report = await verifier.VerifyAsync(CheckpointVerifier.FromHmacKey(key));
        report.Issues.Should().BeEmpty();
        report.CheckpointsChecked.Should().Be(1, "the checkpoint's Merkle root is recomputed from events and tombstones");
        report.EventsDeleted.Should().Be(result.Deleted);
        var kept = covered.Last(e => e.Category != AuditCategory.RecordChange);
        var proof = await verifier.GetProofAsync(kept.Id);
        proof.Should().NotBeNull();
        proof!.Verify(CheckpointVerifier.FromHmacKey(key)).Should().BeTrue("an event left inside a checkpoint still has its inclusion proof");
    }

    [Test]
    public virtual async Task DeleteEvents_InvalidRequest_ThrowsNamingTheFieldAndDeletesNothing()
    {
        if (!await SupportsAsync(AuditStoreFeatures.Deletion, s => s.DeleteEventsAsync(new AuditDeletionRequest(AuditCategory.System, Start, Start.AddDays(1)))))
        {
            return;
        }

        await using var store = await CreateStoreAsync();
        await StoreSeeder.AppendAsync(store, EventGenerator.Generate(20, Start, TimeSpan.FromHours(1), seed: 3));
        var valid = new AuditDeletionRequest(AuditCategory.RecordChange, Start, Start.AddDays(1));

        (await FluentActions.Awaiting(() => store.DeleteEventsAsync(valid with { To = Start })).Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("To");
        (await FluentActions.Awaiting(() => store.DeleteEventsAsync(valid with { BatchSize = 0 })).Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("BatchSize");
        (await FluentActions.Awaiting(() => store.DeleteEventsAsync(valid with { Holds = [new AuditLegalHold()] })).Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("Holds[0]");
        (await FluentActions.Awaiting(() => store.DeleteEventsAsync(valid with { Holds = [new AuditLegalHold { RecordId = "CUST-1" }] })).Should().ThrowAsync<ArgumentException>())
            .Which.Message.Should().Contain("EntityType");
        (await store.CountAsync(new AuditQuery())).Should().Be(20);
    }

    private static async Task<HashSet<Guid>> MatchingIdsAsync(AuditStore store, string text)
    {
        var ids = new HashSet<Guid>();
        string? cursor = null;
        do
        {
            var page = await store.QueryAsync(new AuditQuery { Text = text, PageSize = AuditQuery.MaxPageSize, Cursor = cursor });
            ids.UnionWith(page.Events.Select(e => e.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return ids;
    }
}
