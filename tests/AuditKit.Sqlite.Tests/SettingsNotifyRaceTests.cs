using AuditKit.Sqlite.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditKit.Sqlite.Tests;

/// <summary>
/// A save and the settings refresher racing to notify the watchers of one new version, put in the order that broke
/// with a <see cref="GatedStore"/>: the refresher reads the saved document first and runs the watchers; the save must
/// not return before they have run (a saved event policy is in force when SaveAsync returns).
/// </summary>
public sealed class SettingsNotifyRaceTests
{
    private const string Document = "race.sample";
    private TempFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new TempFolder();

    [TearDown]
    public void RemoveFolder() => _folder.Dispose();

    [Test]
    public async Task SaveAsync_RefresherNotifiesTheNewVersionFirst_ReturnsOnlyAfterTheWatchersRan()
    {
        var path = _folder.File("audit.db");
        var stored = new Gate();
        var store = new GatedStore(path) { AfterSaveSettings = document => document.Name == Document ? stored.PassAsync() : Task.CompletedTask };
        using var host = await SqliteHost.StartAsync(path, s => s.AddAuditKit(a => a.UseStore(store.ProviderName, _ => store)));
        var settings = host.Services.GetRequiredService<AuditSettings>();

        // The watcher, once called for version 1, takes its time: until the save has returned, or two seconds.
        var watching = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var saveReturned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long applied = 0;
        using var watch = settings.Watch<Sample>(Document, entry =>
        {
            if (entry.Version == 1)
            {
                watching.TrySetResult();
                saveReturned.Task.Wait(TimeSpan.FromSeconds(2));
            }

            Volatile.Write(ref applied, entry.Version);
        });

        var save = settings.SaveAsync(Document, new Sample { Enabled = true }, expectedVersion: 0);
        await stored.Entered.WaitAsync(TimeSpan.FromSeconds(60)); // version 1 is in the store; the save has not notified yet
        var refresh = Task.Run(() => settings.RefreshAsync(CancellationToken.None));
        await watching.Task.WaitAsync(TimeSpan.FromSeconds(60)); // the refresher took version 1 and runs the watcher
        stored.Open();
        await save;
        var appliedWhenSaveReturned = Volatile.Read(ref applied);
        saveReturned.TrySetResult();
        await refresh;

        appliedWhenSaveReturned.Should().Be(1, "SaveAsync returns once the watchers of the saved version have run, whoever notified them");
        Volatile.Read(ref applied).Should().Be(1);
        await host.StopAsync();
    }

    public sealed class Sample
    {
        public bool Enabled { get; set; }
    }
}
