using System.Collections.Concurrent;
using System.Security.Cryptography;
using AuditKit.Sqlite.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuditKit.Sqlite.Tests;

/// <summary>Checkpoints copied outside the store through <see cref="ICheckpointPublisher"/>.</summary>
public sealed class CheckpointPublisherTests
{
    [Test]
    public async Task Publisher_ReceivesEverySignedCheckpoint()
    {
        var publisher = new CollectingPublisher();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var stored = await RecordAsync(key, publisher, 250);

        publisher.Checkpoints.Select(c => c.ToSequence).Order().Should().Equal(50, 100, 150, 200, 250);
        publisher.Checkpoints.Should().OnlyContain(c => CheckpointVerifier.FromPublicKey(key).Verify(c));
        stored.Should().HaveCount(5);
    }

    [Test]
    public async Task Publisher_Failing_DoesNotStopTheWriterAndCheckpointsAreStillStored()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var stored = await RecordAsync(key, new FailingPublisher(), 120);

        stored.Select(c => c.ToSequence).Should().Equal(50, 100, 120);
    }

    [Test]
    public async Task FolderPublisher_WritesTheCheckpointJson()
    {
        using var folder = new TempFolder();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var checkpoint = new AuditCheckpoint(1, 1, 2, new string('a', 64), new string('b', 64), DateTimeOffset.UnixEpoch, "k", "ES256", "sig");

        await new FolderCheckpointPublisher(folder.File("out")).PublishAsync(checkpoint);

        var file = folder.File(Path.Combine("out", "checkpoint-s1-000000000002.json"));
        AuditCheckpoint.FromJson(await File.ReadAllTextAsync(file)).Should().Be(checkpoint);
    }

    private static async Task<IReadOnlyList<AuditCheckpoint>> RecordAsync(ECDsa key, ICheckpointPublisher publisher, int count)
    {
        using var folder = new TempFolder();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddAuditKit(a => a
            .UseSqlite($"Data Source={folder.File("audit.db")}")
            .AddCheckpoints(c => { c.Signer = new EcdsaCheckpointSigner(key, "k1"); c.EveryEvents = 50; c.Publisher = publisher; }));
        using var host = builder.Build();
        await host.StartAsync();
        var log = host.Services.GetRequiredService<IAuditLog>();
        for (var i = 0; i < count; i++)
        {
            await log.RecordAsync(new AuditEvent(AuditCategory.System, "Tick"));
        }

        await host.StopAsync();
        return await host.Services.GetRequiredService<AuditStore>().GetCheckpointsAsync(1);
    }

    private sealed class CollectingPublisher : ICheckpointPublisher
    {
        private readonly ConcurrentBag<AuditCheckpoint> _checkpoints = [];

        public IReadOnlyCollection<AuditCheckpoint> Checkpoints => _checkpoints;

        public Task PublishAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default)
        {
            _checkpoints.Add(checkpoint);
            return Task.CompletedTask;
        }
    }

    private sealed class FailingPublisher : ICheckpointPublisher
    {
        public Task PublishAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default) =>
            throw new IOException("the share is offline");
    }
}
