using Amazon.S3;
using Amazon.S3.Model;
using AuditKit.Archive.S3;
using AuditKit.Archive.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AuditKit.Archive.Tests;

/// <summary>
/// The retention job with its archives in S3 (s3rver): exactly the expired, archivable events land in the bucket and
/// read back verified; a tampered object is refused; a purge past the archive period keeps the held archive.
/// </summary>
public sealed class S3RetentionTests
{
    private NodeServer _server = null!;
    private AmazonS3Client _client = null!;
    private string _bucket = null!;
    private string _folder = null!;

    [OneTimeSetUp]
    public async Task StartServerAsync()
    {
        _server = await S3Server.StartAsync();
        _client = S3Server.Client(_server);
    }

    [OneTimeTearDown]
    public void StopServer()
    {
        _client?.Dispose();
        _server?.Dispose();
    }

    [SetUp]
    public async Task SetUpAsync()
    {
        _bucket = await S3Server.NewBucketAsync(_client);
        _folder = Path.Combine(Path.GetTempPath(), "auditkit-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void RemoveFolder()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task RunAsync_ArchivesToS3_TheExpiredEventsReadBackVerifiedAndATamperedObjectIsRefused()
    {
        var scenario = new RetentionScenario(_folder);
        using var host = await scenario.StartAsync(RetentionScenario.Now, new S3ArchiveTarget(_client, _bucket, "audit"));
        var retention = host.Services.GetRequiredService<IAuditRetention>();

        var run = await retention.RunAsync();

        var archived = scenario.Events.Where(e => RetentionScenario.Expired(e, RetentionScenario.Now) && RetentionScenario.Archived(e, RetentionScenario.Now)).ToList();
        archived.Should().NotBeEmpty();
        run.EventsArchived.Should().Be(archived.Count);
        run.EventsDeleted.Should().Be(scenario.Events.Count(e => RetentionScenario.Expired(e, RetentionScenario.Now)));

        var manifests = await ToListAsync(retention.ListArchivesAsync());
        var keys = await S3Server.KeysAsync(_client, _bucket);
        keys.Keys.Should().BeEquivalentTo(manifests.SelectMany(m => new[] { "audit/" + m.Name, "audit/" + m.Name + ArchiveNames.ManifestSuffix }));

        var read = new List<AuditEvent>();
        foreach (var m in manifests)
        {
            read.AddRange(await ToListAsync(retention.ReadArchiveAsync(m.Name)));
        }

        read.Select(e => e.Message).Should().BeEquivalentTo(archived.Select(e => e.Message));

        // Flip one byte in the middle of the largest archive, in the bucket itself.
        var victim = manifests.MaxBy(m => keys["audit/" + m.Name])!;
        byte[] bytes;
        using (var response = await _client.GetObjectAsync(_bucket, "audit/" + victim.Name))
        {
            var copy = new MemoryStream();
            await response.ResponseStream.CopyToAsync(copy);
            bytes = copy.ToArray();
        }

        bytes[bytes.Length / 2] ^= 0x01;
        await _client.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "audit/" + victim.Name, InputStream = new MemoryStream(bytes), UseChunkEncoding = false });
        var readTampered = async () => await ToListAsync(retention.ReadArchiveAsync(victim.Name));
        await readTampered.Should().ThrowAsync<AuditArchiveException>();
    }

    [Test]
    public async Task RunAsync_HundredDaysLater_PurgesExpiredArchivesFromTheBucketButKeepsTheHeldOne()
    {
        var scenario = new RetentionScenario(_folder);
        var target = new S3ArchiveTarget(_client, _bucket);
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
        (await S3Server.KeysAsync(_client, _bucket)).Keys.Should().Contain([unheldApi.Name, held.Name]);

        using var laterHost = await scenario.StartAsync(RetentionScenario.Now.AddDays(100), target);
        var run = await laterHost.Services.GetRequiredService<IAuditRetention>().RunAsync();

        // API requests keep their archive 90 days: both first-run API archives have expired, the held one stays.
        run.ArchivesPurged.Should().Be(1);
        run.ArchivesKeptByHolds.Should().Be(1);
        var keys = (await S3Server.KeysAsync(_client, _bucket)).Keys;
        keys.Should().NotContain([unheldApi.Name, unheldApi.Name + ArchiveNames.ManifestSuffix]);
        keys.Should().Contain([held.Name, held.Name + ArchiveNames.ManifestSuffix]);
        var stillReadable = await ToListAsync(laterHost.Services.GetRequiredService<IAuditRetention>().ReadArchiveAsync(held.Name));
        stillReadable.Should().HaveCount((int)held.EventCount);
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
