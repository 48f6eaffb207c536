using System.Buffers;
using System.Text;
using System.Text.Json;
using AuditKit.AspNetCore.Tests.Support;
using AuditKit.Providers;

namespace AuditKit.AspNetCore.Tests;

/// <summary>
/// The SQLite log page hands the API its rows (<see cref="IStoredEventRows"/>) and <see cref="EventPageJson"/> writes
/// them without building events, copying stored metadata as it is when <see cref="StoredMetadata"/> says re-writing
/// it could not change a byte. The oracle is the serializer over the events the core builds from the same rows.
/// </summary>
public sealed class EventPageRowJsonTests
{
    private static readonly DateTimeOffset Day = new(2026, 2, 3, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Write_RowsOfTheSqlitePage_AreTheSerializersBytesOfTheirEvents_InMemoryAndOverHttp()
    {
        await using var host = await AuditWebHost.StartAsync();
        var events = Shapes();
        foreach (var e in events)
        {
            await host.RecordAsync(e);
        }

        await host.FlushAsync();
        var page = await host.Reader.QueryAsync(new AuditQuery { To = Day.AddDays(1), PageSize = 100 });
        page.Events.Should().BeAssignableTo<IStoredEventRows>("the page is written from its rows");
        page.Events.Should().HaveCount(events.Count);

        var written = Written(page.Events, "c-1");
        var built = page.Events.ToList(); // the core builds each event from its row
        written.Should().Be(Serialized(built, "c-1"));

        using var client = await host.SignInAsync("auditor-a", "A", "Auditor");
        var body = await client.GetStringAsync("/audit/events?to=2026-02-04T00:00:00Z&pageSize=100");
        body.Should().Be(Serialized(built, null));
        body.Should().Contain("\"metadata\":{\"code\":\"ABC-1\",\"n\":42}", "plain ASCII metadata is copied as stored");
    }

    [Test]
    public void IsWrittenAsItIs_OnlyWhenTheStoredJsonIsWhatTheWriterWrites()
    {
        // Stored (canonical) metadata of many shapes; wherever the check says "as it is", the stored text must be the
        // bytes the writer makes of the parsed metadata, and both answers must occur.
        var random = new Random(20261201);
        const string Alphabet = "aZ09 _-.:/,;=?!#$%()*[]{}@|~^+<>&'`\"\\\t\nüé€😀";
        var asItIs = 0;
        var parsed = 0;
        for (var i = 0; i < 3_000; i++)
        {
            var metadata = new Dictionary<string, JsonElement>();
            for (var k = random.Next(1, 5); k > 0; k--)
            {
                metadata[Text(random, Alphabet, "k")] = random.Next(7) switch
                {
                    0 => JsonSerializer.SerializeToElement(random.Next(-100_000, 100_000)),
                    1 => JsonSerializer.SerializeToElement(random.NextDouble() * Math.Pow(10, random.Next(-30, 30))),
                    2 => JsonSerializer.SerializeToElement(random.Next(2) == 0),
                    3 => JsonSerializer.SerializeToElement<object?>(null),
                    4 => JsonSerializer.SerializeToElement(new { a = Text(random, Alphabet, ""), b = new[] { 1.5, -2e-7 } }),
                    _ => JsonSerializer.SerializeToElement(Text(random, Alphabet, "")),
                };
            }

            var stored = StoredJson.WriteMetadata(metadata, new ArrayBufferWriter<byte>())!;
            var oracle = JsonSerializer.Serialize(StoredJson.ReadMetadata(stored), AuditApiJson.Options);
            if (StoredMetadata.IsWrittenAsItIs(stored))
            {
                stored.Should().Be(oracle, $"copied as it is: {stored}");
                asItIs++;
            }
            else
            {
                parsed++;
            }
        }

        asItIs.Should().BeGreaterThan(100);
        parsed.Should().BeGreaterThan(100);
        StoredMetadata.IsWrittenAsItIs("{\"a\":\"b\"}").Should().BeTrue();
        StoredMetadata.IsWrittenAsItIs("{\"a\":\"<b>\"}").Should().BeFalse("the encoder escapes <");
        StoredMetadata.IsWrittenAsItIs("{\"a\":\"\\\"\"}").Should().BeFalse("an escape");
        StoredMetadata.IsWrittenAsItIs("{\"a\": 1}").Should().BeFalse("white space between tokens");
        StoredMetadata.IsWrittenAsItIs("{\"a\":\"é\"}").Should().BeFalse("non-ASCII");
    }

    private static string Text(Random random, string alphabet, string prefix)
    {
        var builder = new StringBuilder(prefix);
        var plain = random.Next(3) > 0; // mostly letters, digits and punctuation the encoder leaves alone
        for (var n = random.Next(0, 12); n > 0; n--)
        {
            builder.Append(plain ? alphabet[random.Next(20)] : alphabet[random.Next(alphabet.Length)]);
        }

        return builder.ToString();
    }

    private static List<AuditEvent> Shapes()
    {
        var jane = new AuditActor("u-jane", "Jane Roe", "jane.roe@example.com", "Clerk");
        return
        [
            AuditEvents.Updated("Customer", "CUST-1", "Acme <Corp> & \"Sons\"",
                [new FieldChange("CreditLimit", "10000", "15000"), new FieldChange("Status", "1", "2", FieldChangeKind.Modified, "Status", "Active", "On hold"), new FieldChange("Note", null, "Grüße 😀 \u0001 </script>", FieldChangeKind.Added)]) with
            {
                TenantId = "A", Actor = jane, Client = new AuditClient("10.1.1.2", "Zürich (estimated)", "Mozilla/5.0 (X11; Linux)", "Firefox on Linux", "sess-1"),
                CorrelationId = "corr-1", TraceId = "0af7651916cd43dd8448eb211c80319c", Timestamp = Day.AddHours(9).AddTicks(1234560), Message = "Credit 'raised' \\ by 50%",
                Metadata = AuditMetadata.Create(("count", 5), ("ratio", 0.25), ("flag", true), ("none", null), ("text", "naïve \t tab + <b>")),
            },
            new AuditEvent(AuditCategory.System, "Heartbeat") { TenantId = "A", Timestamp = Day.AddHours(10), Metadata = AuditMetadata.Create(("code", "ABC-1"), ("n", 42)) },
            new AuditEvent(AuditCategory.Security, AuditActions.LoginFailed)
            {
                TenantId = "A", Actor = new AuditActor("u-bob", Kind: ActorKind.ApiClient), Outcome = AuditOutcome.Denied, Risk = RiskLevel.High,
                Target = new AuditTarget(Module: "Auth", Component: "Login"), Timestamp = Day.AddHours(11),
                Metadata = new Dictionary<string, JsonElement>
                {
                    ["nested"] = JsonSerializer.SerializeToElement(new { a = new[] { 1, 2, 3 }, b = new { c = "d" }, e = -1.5e-9 }),
                    ["empty"] = JsonSerializer.SerializeToElement(Array.Empty<int>()),
                    ["big"] = JsonSerializer.SerializeToElement(12345678901234567L),
                },
            },
            new AuditEvent(AuditCategory.DataAccess, "View") { TenantId = "A", Actor = new AuditActor(null, "Nameless"), Client = new AuditClient(SessionId: "s"), Target = new AuditTarget("Order"), Timestamp = Day.AddHours(12) },
            AuditEvents.Export("Invoice", 5000, "csv") with { TenantId = "A", Actor = jane, Client = new AuditClient("10.1.1.2"), Timestamp = Day.AddHours(13) },
        ];
    }

    private static string Written(IReadOnlyList<AuditEvent> events, string? cursor)
    {
        var buffer = new ArrayBufferWriter<byte>();
        EventPageJson.Write(buffer, events, cursor);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Serialized(IReadOnlyList<AuditEvent> events, string? cursor) =>
        JsonSerializer.Serialize(new EventPageResponse(events, cursor), AuditApiJson.Options);
}
