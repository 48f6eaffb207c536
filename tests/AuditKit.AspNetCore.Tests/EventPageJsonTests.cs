using System.Buffers;
using System.Text;
using System.Text.Json;
using AuditKit.AspNetCore.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditKit.AspNetCore.Tests;

/// <summary>
/// The log page and record history are written by <see cref="EventPageJson"/> instead of the serializer. The oracle is
/// the serializer itself: for events of every shape (nulls, changes with display values, nested metadata, erased
/// fields, escapes, undefined enum values) the page must be the very bytes
/// <c>JsonSerializer.Serialize(new EventPageResponse(...), AuditApiJson.Options)</c> gives, in memory and over HTTP.
/// A member added to <see cref="AuditEvent"/> (or one of its parts) and not to the writer fails here.
/// </summary>
public sealed class EventPageJsonTests
{
    private static readonly DateTimeOffset Day = new(2026, 1, 12, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Write_StoredEventsOfEveryShape_AreTheSerializersBytes_InMemoryAndOverHttp()
    {
        await using var host = await AuditWebHost.StartAsync(services: b => b.Services.AddAuditKit(a => a.AddErasure()));
        var jane = new AuditActor("u-jane", "Jane Roe", "jane.roe@example.com", "Clerk");
        foreach (var e in Shapes(jane))
        {
            await host.RecordAsync(e);
        }

        await host.FlushAsync();
        var accessor = host.Services.GetRequiredService<IAuditContextAccessor>();
        using (accessor.BeginScope(new AuditContext(new AuditActor("u-dpo", "Data Protection Officer"), TenantId: "A")))
        {
            var erased = await host.Services.GetRequiredService<IAuditEraser>().EraseAsync(ErasureRequest.ForActor("u-jane", "DSR-2026-17"));
            erased.EventsErased.Should().BeGreaterThan(0, "the page must hold an event with an erasure receipt");
        }

        var stored = (await host.Reader.QueryAsync(new AuditQuery { To = Day.AddDays(1), PageSize = 100 })).Events;
        stored.Should().HaveCount(Shapes(jane).Count);
        stored.Should().Contain(e => e.Erasures.Count > 0);

        Written(stored, "next-cursor").Should().Be(Serialized(stored, "next-cursor"));
        Written(stored, null).Should().Be(Serialized(stored, null));

        using var client = await host.SignInAsync("auditor-a", "A", "Auditor");
        var body = await client.GetStringAsync("/audit/events?to=2026-01-13T00:00:00Z&pageSize=100");
        var again = (await host.Reader.QueryAsync(new AuditQuery { To = Day.AddDays(1), PageSize = 100 })).Events;
        body.Should().Be(Serialized(again, null));
    }

    [Test]
    public void Write_UnwrittenEventsAndUndefinedEnumValues_AreTheSerializersBytes()
    {
        IReadOnlyList<AuditEvent> events =
        [
            new AuditEvent((AuditCategory)42, "Odd") { Risk = (RiskLevel)9, Outcome = (AuditOutcome)(-1), Actor = new AuditActor("x", Kind: (ActorKind)7) },
            new AuditEvent(AuditCategory.System, "Plain"),
            new AuditEvent(AuditCategory.RecordChange, AuditActions.Update) { Changes = [new FieldChange("F", "a", "b", (FieldChangeKind)12) { IsPersonal = true }] },
        ];

        Written(events, "c").Should().Be(Serialized(events, "c"));
        Written([], null).Should().Be(Serialized([], null));
    }

    private static List<AuditEvent> Shapes(AuditActor jane) =>
    [
        AuditEvents.Updated("Customer", "CUST-1", "Acme <Corp> & \"Sons\"",
            [new FieldChange("CreditLimit", "10000", "15000"), new FieldChange("Status", "1", "2", FieldChangeKind.Modified, "Status", "Active", "On hold"), new FieldChange("Note", null, "Grüße 😀 \u0001 </script>", FieldChangeKind.Added)]) with
        {
            TenantId = "A", Actor = jane, Client = new AuditClient("10.1.1.2", "Zürich (estimated)", "Mozilla/5.0 (X11; Linux)", "Firefox on Linux", "sess-1"),
            CorrelationId = "corr-1", Timestamp = Day.AddHours(9).AddTicks(1234560), Message = "Credit limit 'raised' \\ by 50%",
            Metadata = AuditMetadata.Create(("count", 5), ("ratio", 0.25), ("flag", true), ("none", null), ("text", "naïve \t tab")),
        },
        new AuditEvent(AuditCategory.System, "Heartbeat") { TenantId = "A", Timestamp = Day.AddHours(10) },
        new AuditEvent(AuditCategory.Security, AuditActions.LoginFailed)
        {
            TenantId = "A", Actor = new AuditActor("u-bob", Kind: ActorKind.ApiClient), Outcome = AuditOutcome.Denied, Risk = RiskLevel.High,
            Target = new AuditTarget(Module: "Auth", Component: "Login"), Timestamp = Day.AddHours(11),
            Metadata = new Dictionary<string, JsonElement>
            {
                ["nested"] = JsonSerializer.SerializeToElement(new { a = new[] { 1, 2, 3 }, b = new { c = "d" } }),
                ["empty"] = JsonSerializer.SerializeToElement(Array.Empty<int>()),
            },
        },
        AuditEvents.Export("Invoice", 5000, "csv") with { TenantId = "A", Actor = jane, Client = new AuditClient("10.1.1.2"), Timestamp = Day.AddHours(12) },
    ];

    private static string Written(IReadOnlyList<AuditEvent> events, string? cursor)
    {
        var buffer = new ArrayBufferWriter<byte>();
        EventPageJson.Write(buffer, events, cursor);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Serialized(IReadOnlyList<AuditEvent> events, string? cursor) =>
        JsonSerializer.Serialize(new EventPageResponse(events, cursor), AuditApiJson.Options);
}
