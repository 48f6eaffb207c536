using System.Text;
using System.Text.Json.Nodes;
using AuditKit.Interop;
using AuditKit.Interop.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditKit.Interop.Tests;

public sealed class HttpForwardingTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp() => _folder = new TempFolder();

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [Test]
    public async Task HttpForwarding_EndpointRefusesFirst_RetriesAndDeliversJsonLinesOfOcsfEvents()
    {
        await using var receiver = await HttpReceiver.StartAsync(refuseFirst: 2);
        using var host = await InteropHost.StartAsync(_folder.File("audit.db"), a => a.AddHttpForwarding(
            o =>
            {
                o.Endpoint = new Uri(receiver.BaseAddress, "ingest/audit");
                o.Headers["Authorization"] = "Bearer token-1";
            },
            InteropHost.Fast,
            r => r.Retry.Delay = TimeSpan.FromMilliseconds(50)));

        var written = new List<AuditEvent>();
        for (var i = 0; i < 5; i++)
        {
            written.Add(await host.Log().RecordAsync(AuditEvents.PasswordChanged(new AuditActor($"u-{i}", $"User {i}"))));
        }

        await InteropHost.WaitUntilAsync(() => Lines(receiver).Count >= 5, "the endpoint accepted every event");

        receiver.Refused.Should().Be(2, "the resilience handler retried the refused requests");
        var request = receiver.Requests.First();
        request.Path.Should().Be("/ingest/audit");
        request.ContentType.Should().Be("application/x-ndjson; charset=utf-8");
        request.Authorization.Should().Be("Bearer token-1");
        var lines = Lines(receiver);
        lines.Select(l => l["metadata"]!["uid"]!.GetValue<Guid>()).Should().BeEquivalentTo(written.Select(e => e.Id));
        lines.Should().OnlyContain(l => l["class_uid"]!.GetValue<int>() == 3001 && l["activity_id"]!.GetValue<int>() == 3);
        lines.Select(l => l["user"]!["uid"]!.GetValue<string>()).Should().BeEquivalentTo(written.Select(e => e.Actor!.Id));
    }

    [Test]
    public async Task HttpForwarding_HostRestarts_ResumesAfterTheStoredPositionWithoutRepeats()
    {
        var path = _folder.File("audit.db");
        await using var receiver = await HttpReceiver.StartAsync();
        var ids = new List<Guid>();
        using (var first = await InteropHost.StartAsync(path, a => a.AddHttpForwarding(o => o.Endpoint = receiver.BaseAddress, InteropHost.Fast)))
        {
            for (var i = 0; i < 3; i++)
            {
                ids.Add((await first.Log().RecordAsync(new AuditEvent(AuditCategory.UserAction, "Before"))).Id);
            }

            await InteropHost.WaitUntilAsync(() => Lines(receiver).Count >= 3, "the first host forwarded its events");
            await first.StopAsync();
        }

        using (var plain = await InteropHost.StartAsync(path))
        {
            for (var i = 0; i < 2; i++)
            {
                ids.Add((await plain.Log().RecordAsync(new AuditEvent(AuditCategory.UserAction, "WhileNoForwarding"))).Id);
            }

            await plain.StopAsync();
        }

        using var second = await InteropHost.StartAsync(path, a => a.AddHttpForwarding(o => o.Endpoint = receiver.BaseAddress, InteropHost.Fast));
        await InteropHost.WaitUntilAsync(() => Lines(receiver).Count >= 5, "the restarted host forwarded what was written meanwhile");
        await Task.Delay(300); // anything sent again would arrive now

        Lines(receiver).Select(l => l["metadata"]!["uid"]!.GetValue<Guid>()).Should().BeEquivalentTo(ids, "positions are kept in the store: nothing lost, nothing sent twice");
        await second.StopAsync();
    }

    [Test]
    public async Task Backfill_PastRange_ReplaysOnlyThatRangeBesideLiveForwarding()
    {
        var path = _folder.File("audit.db");
        var january = new DateTimeOffset(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);
        AuditEvent february;
        using (var before = await InteropHost.StartAsync(path))
        {
            await before.Log().RecordAsync(new AuditEvent(AuditCategory.UserAction, "Jan") { Timestamp = january });
            february = await before.Log().RecordAsync(new AuditEvent(AuditCategory.UserAction, "Feb") { Timestamp = january.AddMonths(1) });
            await before.Log().RecordAsync(new AuditEvent(AuditCategory.UserAction, "Mar") { Timestamp = january.AddMonths(2) });
            await before.StopAsync();
        }

        await using var receiver = await HttpReceiver.StartAsync();
        using var host = await InteropHost.StartAsync(path, a => a.AddHttpForwarding(
            o => o.Endpoint = receiver.BaseAddress,
            o =>
            {
                InteropHost.Fast(o);
                o.StartAtEnd = true; // a SIEM added later: live forwarding starts now, the past comes by backfill
            }));
        var live = await host.Log().RecordAsync(new AuditEvent(AuditCategory.UserAction, "Live"));
        await InteropHost.WaitUntilAsync(() => Lines(receiver).Count >= 1, "the live event was forwarded");

        var backfill = host.Services.GetRequiredService<IAuditForwardingBackfill>();
        backfill.Forwardings.Should().Equal(ForwardingBuilderExtensions.HttpName);
        var count = await backfill.BackfillAsync(ForwardingBuilderExtensions.HttpName, new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));

        count.Should().Be(1);
        Lines(receiver).Select(l => l["metadata"]!["uid"]!.GetValue<Guid>()).Should().BeEquivalentTo([live.Id, february.Id]);
        var act = () => backfill.BackfillAsync("forward.nope", january, january.AddDays(1));
        await act.Should().ThrowAsync<ArgumentException>().WithMessage("*forward.nope*");
    }

    private static List<JsonNode> Lines(HttpReceiver receiver) =>
        receiver.Requests.SelectMany(r => Encoding.UTF8.GetString(r.Body).Split('\n', StringSplitOptions.RemoveEmptyEntries)).Select(l => JsonNode.Parse(l)!).ToList();
}
