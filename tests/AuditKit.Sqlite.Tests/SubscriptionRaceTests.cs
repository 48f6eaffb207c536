using System.Text.Json;
using AuditKit.Sqlite.Tests.Support;
using AuditKit.Storage.Conformance.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AuditKit.Sqlite.Tests;

/// <summary>
/// Two subscription races put in the order that broke, with a <see cref="GatedStore"/> holding the subscription's
/// settings document at the chosen point: an event recorded after a StartAtEnd host started but before the first lease,
/// and a host stopping while its handler delivers a batch.
/// </summary>
public sealed class SubscriptionRaceTests : SqliteSubscriptionFixture
{
    [Test]
    public async Task StartAtEnd_EventRecordedAfterTheHostStartedBeforeTheFirstLease_IsDelivered()
    {
        using (var writer = await SqliteHost.StartAsync(DatabasePath))
        {
            await RecordAsync(writer, 3, "before");
            await writer.StopAsync();
        }

        // The subscription's first lease read waits until the test has recorded an event; then the lease is taken.
        var firstLease = new Gate();
        var leased = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var store = new GatedStore(DatabasePath)
        {
            BeforeGetSettings = name => name == AuditSubscriptionLease.DocumentName(Name) ? firstLease.PassAsync() : Task.CompletedTask,
            AfterSaveSettings = document =>
            {
                if (document.Name == AuditSubscriptionLease.DocumentName(Name))
                {
                    leased.TrySetResult();
                }

                return Task.CompletedTask;
            },
        };
        var recorder = new SubscriptionRecorder();
        using var host = await StartSubscriberAsync(store, recorder, "A", startAtEnd: true);
        await firstLease.Entered.WaitAsync(Patience);

        var afterStart = await RecordAsync(host, 1, "after start");
        firstLease.Open();
        await leased.Task.WaitAsync(Patience);
        var later = await RecordAsync(host, 1, "later");
        await recorder.WaitForAsync(later, Patience);

        // One stream, delivered in sequence order: once the later event is delivered, an earlier one would have been.
        recorder.Ids().Should().BeEquivalentTo([.. afterStart, .. later], "the host had started when the event was recorded: StartAtEnd starts at the heads as of the start, not of the first lease");
        await host.StopAsync();
    }

    [Test]
    public async Task Subscription_HostStopsWhileTheHandlerDelivers_TheBatchIsNotDeliveredAgainAfterARestart()
    {
        using var writer = await SqliteHost.StartAsync(DatabasePath);
        var first = await RecordAsync(writer, 3, "first");

        // The handler's first call returns normally once the host is stopping; giving the lease up at the stop then fails
        // as on a store that has just become unreachable (the lease simply expires), so only the delivery's own save
        // can keep its position.
        var handling = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var recorder = new SubscriptionRecorder
        {
            Before = async (host, _, cancellationToken) =>
            {
                if (host == "A" && handling.TrySetResult())
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
                }
            },
        };
        var store = new GatedStore(DatabasePath) { BeforeSaveSettings = document => IsRelease(document) ? throw new IOException("simulated: connection refused") : Task.CompletedTask };
        using (var a = await StartSubscriberAsync(store, recorder, "A"))
        {
            await handling.Task.WaitAsync(Patience);
            await a.StopAsync();
        }

        recorder.Delivered.Select(d => d.Event.Id).Should().BeEquivalentTo(first, "the batch was delivered while the host stopped");
        var second = await RecordAsync(writer, 1, "second");
        using var b = await StartSubscriberAsync(new GatedStore(DatabasePath), recorder, "B");
        await recorder.WaitForAsync(second, Patience);

        // One stream, delivered in sequence order: had the first batch's position been lost, B would have delivered it first.
        recorder.Delivered.Where(d => d.Host == "B").Select(d => d.Event.Id).Should().Equal(second, "the delivered batch's position was saved although the host was stopping");
        await b.StopAsync();
        await writer.StopAsync();
    }

    private static bool IsRelease(AuditSettingsDocument document) =>
        document.Name == AuditSubscriptionLease.DocumentName(Name)
        && JsonDocument.Parse(document.Json).RootElement.GetProperty("owner").ValueKind == JsonValueKind.Null;

    private Task<IHost> StartSubscriberAsync(GatedStore store, SubscriptionRecorder recorder, string host, bool startAtEnd = false) =>
        SqliteHost.StartAsync(DatabasePath, s =>
        {
            s.AddSingleton(recorder.For(host));
            s.AddAuditKit(a => a
                .UseStore(store.ProviderName, _ => store)
                .AddSubscription<SubscriptionRecorder.Subscriber>(Name, o =>
                {
                    o.PollInterval = TimeSpan.FromMilliseconds(50);
                    o.LeaseDuration = TimeSpan.FromSeconds(2);
                    o.RetryDelay = TimeSpan.FromMilliseconds(50);
                    o.StartAtEnd = startAtEnd;
                }));
        });
}
