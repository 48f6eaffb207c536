using AuditKit.Testing;
using AuditKit.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AuditKit.Tests.Pipeline;

/// <summary>The journal folder's failure rows of docs/reliability.md: a folder shared by two stores, a folder that cannot be written.</summary>
public sealed class JournalFolderTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Path.Combine(Path.GetTempPath(), "auditkit-tests", "journal-folder-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void RemoveFolder()
    {
        if (File.Exists(_folder))
        {
            File.Delete(_folder);
        }
        else if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Test]
    public async Task Start_TwoStoresShareOneJournalFolder_FailsNamingTheFolder()
    {
        await using var first = await AuditHost.StartAsync(a => a.UseInMemory(new InMemoryAuditStore()).Configure(o => o.JournalDirectory = _folder));

        var second = async () => await AuditHost.StartAsync(a => a.UseInMemory(new InMemoryAuditStore()).Configure(o => o.JournalDirectory = _folder));

        (await second.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain(_folder).And.Contain("JournalDirectory");
    }

    [Test]
    public async Task Record_JournalCannotBeWritten_NeverThrows_HealthIsUnhealthyWithTheCount()
    {
        var host = await AuditHost.StartAsync(a => a.UseInMemory(new InMemoryAuditStore()).Configure(o => o.JournalDirectory = _folder));
        var log = host.Log;
        var check = host.Host.Services.GetRequiredService<AuditKitHealthCheck>();
        await host.StopAsync();

        // After the stop, fire-and-forget events go to the overflow journal; its folder is now a file.
        Directory.Delete(_folder, recursive: true);
        await File.WriteAllTextAsync(_folder, "not a folder");
        FluentActions.Invoking(() => log.Record(new AuditEvent(AuditCategory.System, "Late"))).Should().NotThrow();

        var health = await check.CheckHealthAsync(new HealthCheckContext());
        health.Status.Should().Be(HealthStatus.Unhealthy);
        health.Data["unwritten_events"].Should().Be(1L);
        host.Host.Dispose();
    }
}
