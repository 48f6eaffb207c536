using AuditKit.Storage.Conformance.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuditKit.PostgreSql.Tests;

/// <summary>Committed-log subscriptions on the real PostgreSQL server: several instances, one lease, every instance's events.</summary>
public sealed class PostgreSqlSubscriptionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private string _schema = null!;
    private string _journal = null!;

    [SetUp]
    public void NewSchema()
    {
        _schema = "t_" + Guid.NewGuid().ToString("N")[..16];
        _journal = Path.Combine(Path.GetTempPath(), "auditkit-pg-subs-" + Guid.NewGuid().ToString("N"));
    }

    [TearDown]
    public void RemoveJournal()
    {
        if (Directory.Exists(_journal))
        {
            Directory.Delete(_journal, recursive: true);
        }
    }

    [Test]
    public async Task Subscription_TwoInstances_OneDeliversAtATimeAndTogetherEveryInstancesEvents()
    {
        var recorder = new SubscriptionRecorder { Before = (_, _, ct) => Task.Delay(5, ct) };
        using var a = await StartAsync(recorder, "A");
        using var b = await StartAsync(recorder, "B");
        var written = await Task.WhenAll(RecordAsync(a, 400, "a"), RecordAsync(b, 400, "b"));
        var all = written.SelectMany(ids => ids).ToList();

        await recorder.WaitForAsync(all, Patience);

        recorder.MaxInFlight.Should().Be(1, "one instance holds the lease and delivers at a time");
        recorder.Ids().Should().BeEquivalentTo(all);
        recorder.Delivered.Select(d => d.Event.StreamId).Distinct().Should().HaveCount(2, "each instance writes its own stream and the subscription reads both");
        InSequenceOrderPerStream(recorder).Should().BeTrue();

        // The holder stops (releasing its lease); the other instance takes over and delivers what comes next.
        var holder = recorder.Delivered[0].Host;
        var (stopping, staying, stayingName) = holder == "A" ? (a, b, "B") : (b, a, "A");
        await stopping.StopAsync();
        var later = await RecordAsync(staying, 100, "later");
        await recorder.WaitForAsync(later, Patience);
        recorder.Delivered.Where(d => later.Contains(d.Event.Id)).Should().OnlyContain(d => d.Host == stayingName);
        await staying.StopAsync();
    }

    [Test]
    public async Task Subscription_Restart_ResumesFromTheStoredPositionWithoutLoss()
    {
        var recorder = new SubscriptionRecorder();
        using var writer = await StartAsync(null, "W");
        var first = await RecordAsync(writer, 300, "first");
        using (var subscriber = await StartAsync(recorder, "A"))
        {
            await recorder.WaitForAsync(first, Patience);
            await subscriber.StopAsync();
        }

        var second = await RecordAsync(writer, 200, "second");
        using (var subscriber = await StartAsync(recorder, "B"))
        {
            await recorder.WaitForAsync([.. first, .. second], Patience);
            await subscriber.StopAsync();
        }

        recorder.Delivered.Where(d => d.Host == "B").Select(d => d.Event.Id).Should().BeEquivalentTo(second, "the restarted subscription resumes after the stored position");
        recorder.Ids().Should().BeEquivalentTo(first.Concat(second));
        await writer.StopAsync();
    }

    private static bool InSequenceOrderPerStream(SubscriptionRecorder recorder) =>
        recorder.Delivered.GroupBy(d => (d.Host, d.Event.StreamId)).All(g => g.Select(d => d.Event.Sequence).Zip(g.Select(d => d.Event.Sequence).Skip(1)).All(p => p.First < p.Second));

    private static async Task<List<Guid>> RecordAsync(IHost host, int count, string prefix)
    {
        var log = host.Services.GetRequiredService<IAuditLog>();
        var ids = new List<Guid>(count);
        for (var i = 0; i < count; i++)
        {
            ids.Add((await log.RecordAsync(new AuditEvent(AuditCategory.UserAction, AuditActions.View) { Message = $"{prefix} {i}" })).Id);
        }

        return ids;
    }

    private async Task<IHost> StartAsync(SubscriptionRecorder? recorder, string name)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        if (recorder is not null)
        {
            builder.Services.AddSingleton(recorder.For(name));
        }

        builder.Services.AddAuditKit(a =>
        {
            a.UsePostgreSql(PostgreSqlServer.ConnectionString, o => o.Schema = _schema).Configure(o => o.JournalDirectory = Path.Combine(_journal, name));
            if (recorder is not null)
            {
                a.AddSubscription<SubscriptionRecorder.Subscriber>("alerts", o =>
                {
                    o.PollInterval = TimeSpan.FromMilliseconds(50);
                    o.LeaseDuration = TimeSpan.FromSeconds(2);
                    o.RetryDelay = TimeSpan.FromMilliseconds(50);
                });
            }
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
