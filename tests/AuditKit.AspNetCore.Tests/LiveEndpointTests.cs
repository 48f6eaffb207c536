using System.Net;
using AuditKit.AspNetCore.Tests.Support;

namespace AuditKit.AspNetCore.Tests;

/// <summary>GET /audit/events/live: server-sent events of new matching events, scoped to the caller's tenant.</summary>
public sealed class LiveEndpointTests
{
    [Test]
    public async Task Stream_SendsNewMatchingEventsOfTheCallersTenantOnly()
    {
        await using var host = await AuditWebHost.StartAsync();
        await TwoTenants.SeedAsync(host);
        using var client = await host.SignInAsync("auditor-a", "A", "Auditor");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await client.GetAsync("/audit/events/live?entity=Customer", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        (await reader.ReadLineAsync(timeout.Token)).Should().Be(": connected", "the stream starts after what is already committed");

        // B's matching event and A's non-matching one are recorded first: if either leaked, it would arrive before A's customer.
        var ofB = await host.RecordAsync(AuditEvents.Updated("Customer", "CUST-B9", "Bravo Customer") with { TenantId = "B" });
        var otherOfA = await host.RecordAsync(AuditEvents.Updated("Order", "SO-A9", "Order of A") with { TenantId = "A" });
        var ofA = await host.RecordAsync(AuditEvents.Updated("Customer", "CUST-A9", "Acme Live") with { TenantId = "A" });

        var received = new List<string>();
        while (!received.Any(l => l.StartsWith("data: ", StringComparison.Ordinal) && l.Contains(ofA.Id.ToString(), StringComparison.Ordinal)))
        {
            var line = await reader.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("The stream ended.");
            received.Add(line);
        }

        received.Should().ContainInOrder("event: audit", $"id: {ofA.Id}");
        received.Should().Contain(l => l.StartsWith("data: {", StringComparison.Ordinal) && l.Contains("\"recordName\":\"Acme Live\"", StringComparison.Ordinal));
        string.Join('\n', received).Should().NotContain(ofB.Id.ToString()).And.NotContain(otherOfA.Id.ToString()).And.NotContain("Bravo");
    }

    [Test]
    public async Task Stream_Anonymous_Is401_AndBadFilter_Is400()
    {
        await using var host = await AuditWebHost.StartAsync();
        using var anonymous = host.Anonymous();
        (await anonymous.GetAsync("/audit/events/live")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        using var client = await host.SignInAsync("auditor-a", "A", "Auditor");
        var bad = await client.GetAsync("/audit/events/live?minRisk=7");
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await bad.BodyAsync())["errors"]!["minRisk"].Should().NotBeNull();
    }

    [Test]
    public async Task Stream_StopsPollingWhenTheClientDisconnects()
    {
        var counter = new QueryCounter();
        await using var host = await AuditWebHost.StartAsync(services: builder => counter.Wrap(builder.Services));
        using var client = await host.SignInAsync("auditor-a", "A", "Auditor");
        var response = await client.GetAsync("/audit/events/live", HttpCompletionOption.ResponseHeadersRead);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        (await reader.ReadLineAsync()).Should().Be(": connected");
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        counter.Queries.Should().BeGreaterThanOrEqualTo(2, "the stream polls the store while connected");

        reader.Dispose();
        response.Dispose();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var afterDisconnect = counter.Queries;
        await Task.Delay(TimeSpan.FromSeconds(3));
        counter.Queries.Should().Be(afterDisconnect, "nothing polls for a client that went away");
    }

    /// <summary>Counts the searches that reach the reader (the live stream polls with them).</summary>
    private sealed class QueryCounter
    {
        private int _queries;

        public int Queries => Volatile.Read(ref _queries);

        public void Wrap(IServiceCollection services)
        {
            var original = services.Last(d => d.ServiceType == typeof(IAuditReader));
            services.Remove(original);
            services.AddSingleton<IAuditReader>(sp => new CountingReader(
                original.ImplementationFactory?.Invoke(sp) as IAuditReader
                ?? original.ImplementationInstance as IAuditReader
                ?? (IAuditReader)ActivatorUtilities.CreateInstance(sp, original.ImplementationType!), this));
        }

        private sealed class CountingReader(IAuditReader inner, QueryCounter counter) : IAuditReader
        {
            public Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
            {
                Interlocked.Increment(ref counter._queries);
                return inner.QueryAsync(query, cancellationToken);
            }

            public Task<long> CountAsync(AuditQuery query, CancellationToken cancellationToken = default) => inner.CountAsync(query, cancellationToken);

            public Task<AuditEvent?> GetAsync(Guid id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

            public Task<AuditEvent?> GetAsync(string displayId, CancellationToken cancellationToken = default) => inner.GetAsync(displayId, cancellationToken);

            public Task<AuditPage> GetHistoryAsync(string entityType, string recordId, int pageSize = AuditQuery.DefaultPageSize, string? cursor = null, CancellationToken cancellationToken = default) =>
                inner.GetHistoryAsync(entityType, recordId, pageSize, cursor, cancellationToken);

            public Task<RecordState> GetStateAtAsync(string entityType, string recordId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
                inner.GetStateAtAsync(entityType, recordId, at, cancellationToken);

            public Task<AuditEvent?> GetPreviousChangeAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default) => inner.GetPreviousChangeAsync(auditEvent, cancellationToken);

            public Task<IReadOnlyList<AuditEvent>> GetRelatedAsync(AuditEvent auditEvent, int maxCount = 50, CancellationToken cancellationToken = default) =>
                inner.GetRelatedAsync(auditEvent, maxCount, cancellationToken);

            public Task<IReadOnlyList<AggregateCount>> AggregateAsync(AggregateQuery query, CancellationToken cancellationToken = default) => inner.AggregateAsync(query, cancellationToken);

            public Task<AuditStorageInfo> GetStorageInfoAsync(CancellationToken cancellationToken = default) => inner.GetStorageInfoAsync(cancellationToken);
        }
    }
}
