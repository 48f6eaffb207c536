using AuditKit.Storage.Conformance.Support;
using AuditKit.Testing;
using AuditKit.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuditKit.Tests.Subscriptions;

/// <summary>Registering subscriptions: names, options, and delivery on the in-memory store with the host's positions document.</summary>
public sealed class AddSubscriptionTests
{
    [Test]
    public void AddSubscription_SameNameTwice_ThrowsNamingIt()
    {
        var services = new ServiceCollection();
        var audit = services.AddAuditKit(a => a.UseInMemory().AddSubscription<SubscriptionRecorder.Subscriber>("alerts"));

        FluentActions.Invoking(() => audit.AddSubscription<SubscriptionRecorder.Subscriber>("alerts"))
            .Should().Throw<InvalidOperationException>().WithMessage("*'alerts'*");
        FluentActions.Invoking(() => audit.AddSubscription<SubscriptionRecorder.Subscriber>("siem")).Should().NotThrow("another name is another subscription");
    }

    [TestCase("Alerts")]
    [TestCase("a b")]
    [TestCase("")]
    public void AddSubscription_InvalidName_ThrowsArgumentException(string name)
    {
        var audit = new ServiceCollection().AddAuditKit(a => a.UseInMemory());

        FluentActions.Invoking(() => audit.AddSubscription<SubscriptionRecorder.Subscriber>(name)).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("name");
    }

    [Test]
    public async Task Start_InvalidSubscriptionOptions_FailsNamingTheSubscriptionAndOption()
    {
        var thrown = await FluentActions.Awaiting(() => AuditHost.StartAsync(a => a.UseInMemory()
            .AddSubscription<SubscriptionRecorder.Subscriber>("siem", o => { o.BatchSize = 0; o.LeaseDuration = TimeSpan.FromMilliseconds(10); }),
            s => s.AddSingleton(new SubscriptionRecorder().For("A")))).Should().ThrowAsync<OptionsValidationException>();

        thrown.Which.Message.Should().ContainAll("BatchSize", "LeaseDuration", "'siem'");
    }

    [Test]
    public async Task Subscription_InMemoryStore_DeliversEveryEventAndKeepsItsPositionInTheStore()
    {
        var recorder = new SubscriptionRecorder();
        await using var host = await AuditHost.StartAsync(
            a => a.UseInMemory().AddSubscription<SubscriptionRecorder.Subscriber>("live", o => { o.PollInterval = TimeSpan.FromMilliseconds(20); o.BatchSize = 7; }),
            s => s.AddSingleton(recorder.For("A")));
        var ids = new List<Guid>();
        for (var i = 0; i < 30; i++)
        {
            ids.Add((await host.Log.RecordAsync(new AuditEvent(AuditCategory.System, "Ping"))).Id);
        }

        await recorder.WaitForAsync(ids, TimeSpan.FromSeconds(30));

        recorder.Calls.Should().OnlyContain(c => c.Count <= 7);
        var store = host.Host.Services.GetRequiredService<AuditStore>();
        await WaitUntilAsync(async () => (await store.GetSettingsAsync("subscription.live"))?.Json.Contains("\"1\":30", StringComparison.Ordinal) == true);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 500 && !await condition(); i++)
        {
            await Task.Delay(20);
        }

        (await condition()).Should().BeTrue();
    }
}
