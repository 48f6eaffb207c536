using System.Text.Json;
using AuditKit.Sqlite.Tests.Support;
using AuditKit.Storage.Conformance.Support;

namespace AuditKit.Sqlite.Tests;

/// <summary>Events with every field, escapes, emoji and nested metadata verify intact after a round trip through SQLite.</summary>
public sealed class SqliteVerifierTests
{
    [Test]
    public async Task Verify_RichAndHostileEvents_AreIntact()
    {
        using var folder = new TempFolder();
        await using var store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={folder.File("audit.db")}" });
        var events = EventGenerator.Generate(3_000, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromDays(3), seed: 5);
        events.Add(new AuditEvent(AuditCategory.RecordChange, "Update")
        {
            Timestamp = new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero).AddTicks(7),
            Message = "quote \" backslash \\ newline \n tab \t control \u0001 emoji 😀 ü ✓ </script>",
            Actor = new AuditActor("ü-id", "Zoë \"Z\"", null, "Rôle", ActorKind.Integration),
            Client = new AuditClient(UserAgent: "Mozilla/5.0 (X11; \u0007)"),
            Target = new AuditTarget(Component: "Ünicode"),
            Changes = [new FieldChange("Notes", "a\nb", "=cmd|' /C calc'!A0", FieldChangeKind.Modified, "Nötes", "x", "y")],
            Metadata = new Dictionary<string, JsonElement> { ["z"] = JsonDocument.Parse("""{"b":[1,2.50e3,true,null],"a":"\u00e9\n"}""").RootElement, ["a"] = JsonDocument.Parse("-0.0").RootElement },
            TenantId = "t/1",
            TraceId = "abc",
            CorrelationId = "c\"1",
        });
        await StoreSeeder.AppendAsync(store, events);

        var report = await AuditIntegrity.CreateVerifier(store).VerifyAsync();

        report.Intact.Should().BeTrue(string.Join("\n", report.Issues.Take(5)));
        report.EventsChecked.Should().Be(3_001);
    }

    [Test]
    public async Task ReadDigestsAsync_RowFastPath_HashesWhatTheEventPathHashes()
    {
        using var folder = new TempFolder();
        await using var store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={folder.File("audit.db")}" });
        var events = EventGenerator.Generate(2_500, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromDays(3), seed: 9);
        var normalizer = new AuditEventNormalizer(new AuditKitOptions(), new AuditContextAccessor(), TimeProvider.System, PersonalFields.All);
        for (var i = 0; i < 50; i++)
        {
            var sealedEvent = new AuditEvent(AuditCategory.RecordChange, "Update")
            {
                Timestamp = new DateTimeOffset(2026, 1, 4, 0, 0, 0, TimeSpan.Zero).AddMinutes(i),
                Actor = new AuditActor("u-" + (i % 3), "Name \"" + i + "\"", "e" + i + "@example.com"),
                Client = new AuditClient("10.0.0." + i, UserAgent: "ua\n" + i),
                Target = new AuditTarget("Customer", "C-" + i, "Zoë " + i),
                Changes = [new FieldChange("Email", "a" + i, "b" + i) { IsPersonal = true }],
            };
            normalizer.Prepare(sealedEvent);
            events.Add(sealedEvent);
        }

        var stream = await StoreSeeder.AppendAsync(store, events);
        var page = await store.QueryAsync(new AuditQuery { ActorIds = ["u-1"], PageSize = 100 });
        await store.ApplyErasureAsync(page.Events.Select(e => ErasurePlan.Apply(e, ErasureRequest.ForActor("u-1", "test"), "dpo", DateTimeOffset.UnixEpoch).Copy!).ToList());

        var expected = new Dictionary<long, string>();
        using (var chain = new AuditChain())
        {
            var hash = new byte[32];
            await foreach (var e in store.ReadStreamAsync(stream))
            {
                chain.Compute(e, e.PreviousHashBytes, hash);
                expected[e.Sequence] = Convert.ToHexStringLower(hash);
            }
        }

        var seen = 0;
        await foreach (var chunk in store.ReadDigestsAsync(stream))
        {
            for (var i = 0; i < chunk.Count; i++)
            {
                Convert.ToHexStringLower(chunk.Computed(i)).Should().Be(expected[chunk.Sequence(i)], $"event {chunk.Sequence(i)}");
                chunk.Computed(i).SequenceEqual(chunk.Stored(i)).Should().BeTrue();
                seen++;
            }
        }

        seen.Should().Be(events.Count);
    }
}
