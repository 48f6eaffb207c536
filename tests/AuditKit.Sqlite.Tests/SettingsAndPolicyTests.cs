using System.Diagnostics.Metrics;
using AuditKit.Sqlite.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuditKit.Sqlite.Tests;

/// <summary>
/// Settings documents and the event policy through a host on a real SQLite file: every save an audited
/// SettingsChanged event, stale saves refused, the policy applied before queueing, and a second host on the same
/// file following a save within the refresh interval.
/// </summary>
public sealed class SettingsAndPolicyTests
{
    private static readonly AuditActor Admin = new("admin-7", "Ada Admin", "ada@example.com", "Administrator");
    private TempFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new TempFolder();

    [TearDown]
    public void RemoveFolder() => _folder.Dispose();

    [Test]
    public async Task SaveAsync_PolicyChanged_RecordsSettingsChangedWithFieldChangesAndActor()
    {
        using var host = await SqliteHost.StartAsync(_folder.File("audit.db"), Refresh);
        var settings = host.Services.GetRequiredService<IAuditSettings>();
        var entry = await settings.GetAsync<AuditEventPolicy>(AuditEventPolicy.DocumentName);
        entry.Version.Should().Be(0);
        entry.Value.Export.Should().BeTrue("the page's defaults log everything");

        entry.Value.Export = false;
        entry.Value.ViewLogging["Customer"] = true;
        AuditSettingsEntry<AuditEventPolicy> saved;
        using (host.Services.GetRequiredService<IAuditContextAccessor>().BeginScope(new AuditContext(Admin)))
        {
            saved = await settings.SaveAsync(AuditEventPolicy.DocumentName, entry.Value, entry.Version);
        }

        saved.Version.Should().Be(1);
        saved.UpdatedBy.Should().Be("admin-7");
        var reader = host.Services.GetRequiredService<IAuditReader>();
        var changed = (await reader.QueryAsync(new AuditQuery { Actions = [AuditActions.SettingsChanged] })).Events.Should().ContainSingle().Subject;
        changed.Actor!.Id.Should().Be("admin-7");
        changed.Target.Should().BeEquivalentTo(new AuditTarget(AuditSettingsDocument.EntityType, "event-policy", "event-policy", "Settings", "AuditKit"));
        changed.Changes.Select(c => (c.Field, c.OldValue, c.NewValue)).Should().BeEquivalentTo(new[]
        {
            ("export", "true", "false"),
            ("viewLogging.Customer", (string?)null, "true"),
        });
        changed.Metadata["version"].GetInt64().Should().Be(1);
    }

    [Test]
    public async Task SaveAsync_StaleVersion_ThrowsConflictAndRecordsNothing()
    {
        using var host = await SqliteHost.StartAsync(_folder.File("audit.db"), Refresh);
        var settings = host.Services.GetRequiredService<IAuditSettings>();
        var mine = await settings.GetAsync<AuditEventPolicy>(AuditEventPolicy.DocumentName);
        var theirs = await settings.GetAsync<AuditEventPolicy>(AuditEventPolicy.DocumentName);
        theirs.Value.Import = false;
        await settings.SaveAsync(AuditEventPolicy.DocumentName, theirs.Value, theirs.Version);

        mine.Value.Export = false;
        var save = () => settings.SaveAsync(AuditEventPolicy.DocumentName, mine.Value, mine.Version);

        (await save.Should().ThrowAsync<AuditSettingsConflictException>()).Which.ActualVersion.Should().Be(1);
        var stored = await settings.GetAsync<AuditEventPolicy>(AuditEventPolicy.DocumentName);
        stored.Value.Import.Should().BeFalse();
        stored.Value.Export.Should().BeTrue("the stale save wrote nothing");
        (await host.Services.GetRequiredService<IAuditReader>().CountAsync(new AuditQuery { Actions = [AuditActions.SettingsChanged] })).Should().Be(1);
    }

    [Test]
    public async Task Policy_SwitchedOff_DropsThoseEventsCountsThemAndAlwaysRecordsItsOwnChanges()
    {
        using var host = await SqliteHost.StartAsync(_folder.File("audit.db"), Refresh);
        var log = host.Services.GetRequiredService<IAuditLog>();
        var dropped = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "AuditKit" && instrument.Name == "auditkit.events.dropped")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref dropped, value));
        listener.Start();

        await SavePolicyAsync(host, p =>
        {
            p.Export = false;
            p.LoginLogout = false;
            p.ConfigurationChanges = false;
            p.ViewLogging["Product"] = false;
        });

        var export = await log.RecordAsync(AuditEvents.Export("Customer", 5000));
        log.Record(AuditEvents.Login(new AuditActor("jsmith")));
        await log.RecordAsync(AuditEvents.SettingsChanged("Mail server", [new FieldChange("Host", "a", "b")]));
        await log.RecordAsync(AuditEvents.Viewed("Product", "P-1", "Widget"));
        await log.RecordAsync(AuditEvents.Viewed("Customer", "C-1", "Acme"));
        await log.RecordAsync(AuditEvents.LoginFailed(new AuditActor("jsmith"), 3, 5));
        await log.RecordAsync(AuditEvents.Created("Customer", "C-2", "Globex", []));
        await SavePolicyAsync(host, p => p.Import = false); // the policy's own change, with ConfigurationChanges off
        await log.FlushAsync();

        export.Sequence.Should().Be(0, "a dropped event is returned unsequenced");
        var stored = (await host.Services.GetRequiredService<IAuditReader>().QueryAsync(new AuditQuery { PageSize = 100 })).Events;
        stored.Select(e => (e.Action, e.Target?.EntityType, e.Target?.RecordId)).Should().BeEquivalentTo(new (string, string?, string?)[]
        {
            (AuditActions.SettingsChanged, AuditSettingsDocument.EntityType, "event-policy"),
            (AuditActions.SettingsChanged, AuditSettingsDocument.EntityType, "event-policy"),
            (AuditActions.View, "Customer", "C-1"),
            (AuditActions.LoginFailed, "Session", null),
            (AuditActions.Create, "Customer", "C-2"),
        });
        listener.RecordObservableInstruments();
        Interlocked.Read(ref dropped).Should().Be(4);
    }

    [Test]
    public async Task Policy_FieldLevelTrackingOff_KeepsUpdatesWithFieldNamesButNoValues()
    {
        using var host = await SqliteHost.StartAsync(_folder.File("audit.db"), Refresh);
        await SavePolicyAsync(host, p => p.FieldLevelTracking = false);
        var log = host.Services.GetRequiredService<IAuditLog>();

        var updated = await log.RecordAsync(AuditEvents.Updated("Customer", "C-1", "Acme", [new FieldChange("CreditLimit", "10000", "15000", DisplayName: "Credit Limit")]));
        var created = await log.RecordAsync(AuditEvents.Created("Customer", "C-2", "Globex", [new FieldChange("Name", null, "Globex", FieldChangeKind.Added)]));

        var update = await host.Services.GetRequiredService<IAuditReader>().GetAsync(updated.Id);
        update!.Changes.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Field = "CreditLimit", DisplayName = "Credit Limit", OldValue = (string?)null, NewValue = (string?)null });
        (await host.Services.GetRequiredService<IAuditReader>().GetAsync(created.Id))!.Changes.Single().NewValue.Should().Be("Globex", "only updates lose their values");
    }

    [Test]
    public async Task Policy_SavedByOneHost_AppliesInAnotherHostOnTheSameFileWithinTheRefreshInterval()
    {
        var path = _folder.File("audit.db");
        using var first = await SqliteHost.StartAsync(path, Refresh);
        using var second = await SqliteHost.StartAsync(path, Refresh);
        var secondPolicy = second.Services.GetRequiredService<IAuditEventPolicy>();
        secondPolicy.Current.Export.Should().BeTrue();

        await SavePolicyAsync(first, p => p.Export = false);
        first.Services.GetRequiredService<IAuditEventPolicy>().Current.Export.Should().BeFalse("the saving process applies it at once");

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (secondPolicy.Current.Export && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        secondPolicy.Current.Export.Should().BeFalse("the other host reads the new version within the refresh interval");
        var export = await second.Services.GetRequiredService<IAuditLog>().RecordAsync(AuditEvents.Export("Customer", 10));
        export.Sequence.Should().Be(0);
    }

    [Test]
    public async Task Policy_StoredBeforeStart_IsInForceFromTheFirstEvent()
    {
        var path = _folder.File("audit.db");
        using (var first = await SqliteHost.StartAsync(path, Refresh))
        {
            await SavePolicyAsync(first, p => p.ScheduledJobs = false);
            await first.StopAsync();
        }

        using var second = await SqliteHost.StartAsync(path, Refresh);
        var job = await second.Services.GetRequiredService<IAuditLog>().RecordAsync(AuditEvents.JobExecuted("Scheduled Backup", "Database"));
        job.Sequence.Should().Be(0);
        second.Services.GetRequiredService<IAuditEventPolicy>().Current.ScheduledJobs.Should().BeFalse();
    }

    private static async Task SavePolicyAsync(IHost host, Action<AuditEventPolicy> change)
    {
        var settings = host.Services.GetRequiredService<IAuditSettings>();
        var entry = await settings.GetAsync<AuditEventPolicy>(AuditEventPolicy.DocumentName);
        change(entry.Value);
        await settings.SaveAsync(AuditEventPolicy.DocumentName, entry.Value, entry.Version);
    }

    private static void Refresh(IServiceCollection services) =>
        services.Configure<AuditSettingsOptions>(o => o.RefreshInterval = TimeSpan.FromMilliseconds(200));
}
