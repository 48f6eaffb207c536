using System.Net;
using AuditKit.AspNetCore.Tests.Support;

namespace AuditKit.AspNetCore.Tests;

/// <summary>Every read through the API is itself recorded: DataAccess / AuditLogRead, who read which screen with which parameters.</summary>
public sealed class AuditedReadTests
{
    [Test]
    public async Task Search_IsRecordedWithReaderScreenQueryAndResultCount()
    {
        await using var host = await AuditWebHost.StartAsync();
        await TwoTenants.SeedAsync(host);
        using var client = await host.SignInAsync("auditor-a", "A", "Auditor");

        (await client.GetAsync("/audit/events?entity=Customer&q=acme")).StatusCode.Should().Be(HttpStatusCode.OK);

        var read = (await host.StoredAsync(new AuditQuery { Categories = [AuditCategory.DataAccess], Actions = ["AuditLogRead"] })).Single();
        read.Actor!.Id.Should().Be("auditor-a");
        read.TenantId.Should().Be("A");
        read.Client!.IpAddress.Should().Be("127.0.0.1");
        read.Target!.RecordName.Should().Be("Log search");
        read.Metadata["query"].GetString().Should().Be("?entity=Customer&q=acme");
        read.Metadata["result_count"].GetInt64().Should().Be(2);
    }

    [TestCaseSource(typeof(Endpoints), nameof(Endpoints.Reads))]
    public async Task EveryReadEndpoint_IsAudited(string path)
    {
        await using var host = await AuditWebHost.StartAsync();
        var seeded = await TwoTenants.SeedAsync(host);
        using var client = await host.SignInAsync("auditor-a", "A", "Auditor");
        path = path.Replace("LOG-2026-1", seeded.CustomerCreatedA.DisplayId, StringComparison.Ordinal);

        (await client.GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.OK);

        var reads = await host.StoredAsync(new AuditQuery { Actions = ["AuditLogRead"] });
        reads.Should().ContainSingle().Which.Metadata["route"].GetString().Should().StartWith("/audit/");
    }

    [Test]
    public async Task RejectedRead_IsNotRecordedAsARead()
    {
        await using var host = await AuditWebHost.StartAsync();
        using var client = await host.SignInAsync("auditor-a", "A", "Auditor");

        (await client.GetAsync("/audit/events?from=bad")).StatusCode.Should().Be(HttpStatusCode.BadRequest);

        (await host.StoredAsync(new AuditQuery { Actions = ["AuditLogRead"] })).Should().BeEmpty();
    }

    [Test]
    public async Task AuditReadsOff_RecordsNoRead()
    {
        await using var host = await AuditWebHost.StartAsync(o => o.Api.AuditReads = false);
        using var client = await host.SignInAsync("auditor-a", "A", "Auditor");

        await client.GetAsync("/audit/events");

        (await host.StoredAsync(new AuditQuery { Actions = ["AuditLogRead"] })).Should().BeEmpty();
    }
}
