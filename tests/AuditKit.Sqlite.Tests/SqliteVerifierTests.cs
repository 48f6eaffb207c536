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
}
