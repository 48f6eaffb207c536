using AuditKit.Storage.Conformance.Support;

namespace AuditKit.Storage.Conformance;

public abstract partial class AuditStoreConformanceTests
{
    private static readonly DateTimeOffset ErasedAt = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public virtual async Task ApplyErasureAsync_ActorErased_ValuesGoneChainIntactOthersKept()
    {
        if (!await SupportsAsync(AuditStoreFeatures.Erasure, s => s.ApplyErasureAsync([])))
        {
            return;
        }

        await using var store = await CreateStoreAsync();
        var events = SealedEvents(20);
        var stream = await StoreSeeder.AppendAsync(store, events);
        var hashes = events.Select(e => e.Hash).ToList();

        var erased = await EraseAsync(store, ErasureRequest.ForActor("u-jane", "DSR-17"));

        erased.Should().Be(10);
        (await ChainCheck.VerifyAsync(store, stream)).Should().Be(20, "erasing sealed values keeps every hash");
        var jane = (await store.QueryAsync(new AuditQuery { ActorIds = ["u-jane"], PageSize = 100 })).Events;
        jane.Should().HaveCount(10).And.OnlyContain(e => e.Actor!.Name == null && e.Actor.Email == null && e.Actor.Id == "u-jane");
        jane.Should().OnlyContain(e => e.Client!.IpAddress == null && e.Client.UserAgent == null && e.Client.SessionId == "s-1", "the session id is a key, not erasable");
        jane.Should().OnlyContain(e => e.Target!.RecordName != null, "an actor erasure leaves the records' names");
        var erasure = jane[0].Erasures.Should().ContainSingle().Subject;
        erasure.Should().BeEquivalentTo(new { At = ErasedAt, ErasedBy = "dpo", Reason = "DSR-17" });
        erasure.Fields.Should().BeEquivalentTo(["actor.name", "actor.email", "client.ipAddress", "client.location", "client.userAgent", "client.device"]);
        var bob = (await store.QueryAsync(new AuditQuery { ActorIds = ["u-bob"], PageSize = 100 })).Events;
        bob.Should().OnlyContain(e => e.Actor!.Name == "Bob Smith" && e.Client!.IpAddress != null && e.Erasures.Count == 0);
        (await store.QueryAsync(new AuditQuery { Text = "Roe" })).Events.Should().BeEmpty("erased words leave the free-text index");
        (await store.QueryAsync(new AuditQuery { Text = "Smith" })).Events.Should().HaveCount(10);
        (await store.GetAsync(stream, 2))!.Hash.Should().Be(hashes[1]);
    }

    [Test]
    public virtual async Task ApplyErasureAsync_RecordErased_PersonalChangesAndNameGoneOthersKept()
    {
        if (!await SupportsAsync(AuditStoreFeatures.Erasure, s => s.ApplyErasureAsync([])))
        {
            return;
        }

        await using var store = await CreateStoreAsync();
        var stream = await StoreSeeder.AppendAsync(store, SealedEvents(6));

        var erased = await EraseAsync(store, ErasureRequest.ForRecord("Customer", "C-3", "DSR-18"));
        var again = await EraseAsync(store, ErasureRequest.ForRecord("Customer", "C-3", "DSR-18"));

        erased.Should().Be(1);
        again.Should().Be(0, "erasing twice changes nothing more");
        (await ChainCheck.VerifyAsync(store, stream)).Should().Be(6);
        var e = (await store.GetHistoryAsync("Customer", "C-3")).Events.Should().ContainSingle().Subject;
        e.Target!.RecordName.Should().BeNull();
        e.Changes[0].Should().BeEquivalentTo(new { Field = "Email", OldValue = (string?)null, NewValue = (string?)null });
        e.Changes[1].Should().BeEquivalentTo(new { Field = "CreditLimit", OldValue = "1000", NewValue = "2000" }, "only personal changes are sealed");
        e.Actor!.Name.Should().NotBeNull("a record erasure leaves the actor");
        e.Erasures.Should().ContainSingle().Which.Fields.Should().BeEquivalentTo(["target.recordName", "changes[0].old", "changes[0].new"]);
        (await store.QueryAsync(new AuditQuery { Text = "Zed3" })).Events.Should().BeEmpty();
        (await store.GetHistoryAsync("Customer", "C-4")).Events.Single().Target!.RecordName.Should().Be("Customer Zed4");
    }

    [Test]
    public virtual async Task ApplyErasureAsync_UnsealedEvents_AreReportedAndUntouched()
    {
        if (!await SupportsAsync(AuditStoreFeatures.Erasure, s => s.ApplyErasureAsync([])))
        {
            return;
        }

        await using var store = await CreateStoreAsync();
        var events = SealedEvents(4, seal: false);
        var stream = await StoreSeeder.AppendAsync(store, events);

        var page = await store.QueryAsync(new AuditQuery { ActorIds = ["u-jane"] });
        page.Events.Should().NotBeEmpty().And.OnlyContain(e => e.GetSealsJson() == null, "nothing was sealed");
        var copies = page.Events.Select(e => AuditErasureCopy.Create(e, ErasureRequest.ForActor("u-jane", "DSR-19"), "dpo", ErasedAt)).ToList();

        copies.Should().OnlyContain(c => c == null, "an unsealed event has nothing to erase");
        (await ChainCheck.VerifyAsync(store, stream)).Should().Be(4);
    }

    private static async Task<int> EraseAsync(AuditStore store, ErasureRequest request)
    {
        var query = request.ActorId is { } actor
            ? new AuditQuery { ActorIds = [actor], PageSize = 1000 }
            : new AuditQuery { EntityTypes = [request.EntityType!], RecordId = request.RecordId, PageSize = 1000 };
        var page = await store.QueryAsync(query);
        var copies = page.Events.Select(e => AuditErasureCopy.Create(e, request, "dpo", ErasedAt)).OfType<AuditEvent>().ToList();
        await store.ApplyErasureAsync(copies);
        await store.CompleteErasureAsync();
        return copies.Count;
    }

    /// <summary>Events by Jane (even) and Bob (odd) on customers C-1…C-n, with one personal change each, sealed as <c>AddErasure()</c> does.</summary>
    private static List<AuditEvent> SealedEvents(int count, bool seal = true)
    {
        return [.. Enumerable.Range(1, count).Select(i =>
        {
            var jane = i % 2 == 0;
            var e = new AuditEvent(AuditCategory.RecordChange, AuditActions.Update)
            {
                Timestamp = Start.AddMinutes(i),
                Actor = new AuditActor(jane ? "u-jane" : "u-bob", jane ? "Jane Roe" : "Bob Smith", jane ? "jane@example.com" : "bob@example.com", "Clerk"),
                Client = new AuditClient($"10.0.0.{i}", "Berlin", "Firefox", "Laptop", "s-1"),
                Target = new AuditTarget("Customer", $"C-{i}", $"Customer Zed{i}"),
                Message = "Customer updated",
                Changes =
                [
                    new FieldChange("Email", $"old{i}@example.com", $"new{i}@example.com") { IsPersonal = true },
                    new FieldChange("CreditLimit", "1000", "2000") { IsPersonal = false },
                ],
            };
            EventPreparer.Prepare(e, seal);
            return e;
        })];
    }
}
