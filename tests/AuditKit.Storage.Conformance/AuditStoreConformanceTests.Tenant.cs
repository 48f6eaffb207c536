namespace AuditKit.Storage.Conformance;

public abstract partial class AuditStoreConformanceTests
{
    [TestCase("acme")]
    [TestCase("globex")]
    public virtual async Task GetStorageInfoAsync_Tenant_CountsOnlyItsEventsAndOmitsStoreWideFigures(string tenant)
    {
        if (!await SupportsAsync(AuditStoreFeatures.TenantStorage, s => s.GetStorageInfoAsync("acme")))
        {
            return;
        }

        var own = _data.Where(e => e.TenantId == tenant).ToList();

        var info = await _seeded.GetStorageInfoAsync(tenant);

        own.Count.Should().BeInRange(1, SeededCount - 1);
        info.Should().BeEquivalentTo(new AuditStorageInfo(own.Count, 0, [], own.Min(e => e.Timestamp), own.Max(e => e.Timestamp)),
            "a tenant sees its own events' count and range, never the store's size or stream heads");
    }

    [Test]
    public virtual async Task GetStorageInfoAsync_UnknownTenant_IsEmpty()
    {
        if (!await SupportsAsync(AuditStoreFeatures.TenantStorage, s => s.GetStorageInfoAsync("acme")))
        {
            return;
        }

        (await _seeded.GetStorageInfoAsync("nobody")).Should().BeEquivalentTo(new AuditStorageInfo(0, 0, [], null, null));
        await FluentActions.Awaiting(() => _seeded.GetStorageInfoAsync("")).Should().ThrowAsync<ArgumentException>().WithMessage("*tenantId*");
    }
}
