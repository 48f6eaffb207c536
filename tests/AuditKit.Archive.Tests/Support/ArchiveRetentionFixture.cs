using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AuditKit.Archive.Tests.Support;

/// <summary>
/// The retention job archiving to an archive service (<see cref="ArchiveServiceFixture"/>) from a <see cref="RetentionScenario"/>
/// in a temporary folder of the test's own: what each service's retention tests check, said once.
/// </summary>
public abstract class ArchiveRetentionFixture(ArchiveService service) : ArchiveServiceFixture(service)
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "auditkit-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void RemoveFolder()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Exactly the expired, archivable events land in the service and read back verified; a tampered object is refused.</summary>
    protected async Task ArchivesReadBackVerifiedAndATamperedObjectIsRefusedAsync()
    {
        var scenario = new RetentionScenario(_folder);
        using var host = await scenario.StartAsync(RetentionScenario.Now, Service.NewTarget("audit"));
        var retention = host.Services.GetRequiredService<IAuditRetention>();

        var run = await retention.RunAsync();

        var archived = scenario.Events.Where(e => RetentionScenario.Expired(e, RetentionScenario.Now) && RetentionScenario.Archived(e, RetentionScenario.Now)).ToList();
        archived.Should().NotBeEmpty();
        run.EventsArchived.Should().Be(archived.Count);
        run.EventsDeleted.Should().Be(scenario.Events.Count(e => RetentionScenario.Expired(e, RetentionScenario.Now)));

        var manifests = await ToListAsync(retention.ListArchivesAsync());
        var keys = await Service.ObjectsAsync();
        keys.Keys.Should().BeEquivalentTo(manifests.SelectMany(m => new[] { "audit/" + m.Name, "audit/" + m.Name + ArchiveNames.ManifestSuffix }));

        var read = new List<AuditEvent>();
        foreach (var m in manifests)
        {
            read.AddRange(await ToListAsync(retention.ReadArchiveAsync(m.Name)));
        }

        read.Select(e => e.Message).Should().BeEquivalentTo(archived.Select(e => e.Message));

        // Flip one byte in the middle of the largest archive, in the service itself.
        var victim = manifests.MaxBy(m => keys["audit/" + m.Name])!;
        var bytes = await Service.ReadObjectAsync("audit/" + victim.Name);
        bytes[bytes.Length / 2] ^= 0x01;
        await Service.WriteObjectAsync("audit/" + victim.Name, bytes);
        var readTampered = async () => await ToListAsync(retention.ReadArchiveAsync(victim.Name));
        await readTampered.Should().ThrowAsync<AuditArchiveException>();
    }

    /// <summary>A run 100 days later purges the expired archives from the service but keeps the held one.</summary>
    protected async Task HundredDaysLaterPurgesExpiredArchivesButKeepsTheHeldOneAsync()
    {
        var scenario = new RetentionScenario(_folder);
        var target = Service.NewTarget();
        List<AuditArchiveManifest> first;
        AuditArchiveManifest held;
        using (var host = await scenario.StartAsync(RetentionScenario.Now, target))
        {
            var retention = host.Services.GetRequiredService<IAuditRetention>();
            await retention.RunAsync();
            first = await ToListAsync(retention.ListArchivesAsync());

            // Hold a record of one acme API request that went to an archive.
            var heldEvent = scenario.Events.First(e => e.Category == AuditCategory.ApiRequest && e.TenantId == "acme"
                && RetentionScenario.Expired(e, RetentionScenario.Now) && RetentionScenario.Archived(e, RetentionScenario.Now));
            held = first.Single(m => m.TenantId == "acme" && m.Categories[0].Category == AuditCategory.ApiRequest);
            await retention.PlaceHoldAsync(new AuditLegalHold { TenantId = "acme", EntityType = "Customer", RecordId = heldEvent.RecordId }, "Dispute");
            await host.StopAsync();
        }

        var unheldApi = first.Single(m => m.TenantId == null && m.Categories[0].Category == AuditCategory.ApiRequest);
        (await Service.ObjectsAsync()).Keys.Should().Contain([unheldApi.Name, held.Name]);

        using var laterHost = await scenario.StartAsync(RetentionScenario.Now.AddDays(100), target);
        var run = await laterHost.Services.GetRequiredService<IAuditRetention>().RunAsync();

        // API requests keep their archive 90 days: both first-run API archives have expired, the held one stays.
        run.ArchivesPurged.Should().Be(1);
        run.ArchivesKeptByHolds.Should().Be(1);
        var keys = (await Service.ObjectsAsync()).Keys;
        keys.Should().NotContain([unheldApi.Name, unheldApi.Name + ArchiveNames.ManifestSuffix]);
        keys.Should().Contain([held.Name, held.Name + ArchiveNames.ManifestSuffix]);
        var stillReadable = await ToListAsync(laterHost.Services.GetRequiredService<IAuditRetention>().ReadArchiveAsync(held.Name));
        stillReadable.Should().HaveCount((int)held.EventCount);
    }
}
