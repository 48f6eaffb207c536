using AuditKit.Tests.Support;

namespace AuditKit.Tests.Querying;

/// <summary>A reader inside a tenant's scope reports only that tenant's part of the store.</summary>
public sealed class TenantStorageInfoTests
{
    [Test]
    public async Task GetStorageInfoAsync_InTenantScope_CountsOnlyThatTenantAndShowsNoStoreWideFigures()
    {
        await using var host = await AuditHost.StartAsync(a => a.UseInMemory());
        var acme = new List<AuditEvent>();
        for (var i = 0; i < 5; i++)
        {
            acme.Add(await host.Log.RecordAsync(new AuditEvent(AuditCategory.UserAction, "Ping") { TenantId = "acme" }));
            await host.Log.RecordAsync(new AuditEvent(AuditCategory.UserAction, "Ping") { TenantId = "globex" });
            await host.Log.RecordAsync(new AuditEvent(AuditCategory.UserAction, "Ping") { TenantId = "globex" });
        }

        AuditStorageInfo scoped;
        using (host.Context.BeginScope(new AuditContext(TenantId: "acme")))
        {
            scoped = await host.Reader.GetStorageInfoAsync();
        }

        var global = await host.Reader.GetStorageInfoAsync();

        scoped.Should().BeEquivalentTo(new AuditStorageInfo(5, 0, [], acme.Min(e => e.Timestamp), acme.Max(e => e.Timestamp)));
        global.EventCount.Should().Be(15, "outside a tenant's scope the reader reports the whole store");
        global.Streams.Should().ContainSingle().Which.LastSequence.Should().Be(15);
    }
}
