using AuditKit.Sqlite.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace AuditKit.Sqlite.Tests;

/// <summary>
/// The retention job over a year of events in a real SQLite file with the page's default policies: exactly the expired
/// events move (counts and hash totals from the test's own oracle), holds keep theirs, the chain still verifies, archives
/// link, expired archives are purged unless held, and the storage figures add up.
/// </summary>
public sealed class RetentionJobTests : RetentionYearFixture
{
    [Test]
    public async Task RunAsync_YearOfEventsWithAHold_MovesExactlyTheExpiredUnheldEventsAndTheChainVerifies()
    {
        var time = new FakeTimeProvider(RetentionYear.Now);
        using var host = await Year.StartRetentionHostAsync(time, Folder.File("archives"));
        var retention = host.Services.GetRequiredService<IAuditRetention>();
        var hold = await retention.PlaceHoldAsync(new AuditLegalHold { TenantId = "acme", ActorId = "u3" }, "Matter 2026-17");

        var run = await retention.RunAsync();

        static bool Held(RetentionYear.Generated e) => e.TenantId == "acme" && e.ActorId == "u3";
        var moved = Year.Events.Where(e => RetentionYear.Expired(e, RetentionYear.Now) && !Held(e)).ToList();
        var archived = moved.Where(e => RetentionYear.Archived(e, RetentionYear.Now)).ToList();
        moved.Should().NotBeEmpty();
        archived.Count.Should().BeLessThan(moved.Count, "View/Read events, and events past their archive period too, expire without an archive");
        run.EventsDeleted.Should().Be(moved.Count);
        run.EventsArchived.Should().Be(archived.Count);
        run.EventsHeld.Should().Be(Year.Events.Count(e => RetentionYear.Expired(e, RetentionYear.Now) && Held(e)));

        var fromArchives = await ReadAllArchivesAsync(retention);
        fromArchives.Select(e => e.Id).Should().BeEquivalentTo(archived.Select(e => e.Id));
        RetentionYear.HashTotal(fromArchives.Select(e => (e.StreamId, e.Sequence, e.Hash!))).Should().Be(RetentionYear.HashTotal(archived.Select(e => (e.Stream, e.Sequence, e.Hash))));

        await using var store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={Year.Path};Mode=ReadOnly" });
        var remaining = new List<AuditEvent>();
        await foreach (var e in store.ReadStreamAsync(1))
        {
            remaining.Add(e);
        }

        var kept = Year.Events.Except(moved).ToList();
        remaining.Where(e => e.Action == "Work").Select(e => e.Id).Should().BeEquivalentTo(kept.Select(e => e.Id));
        RetentionYear.HashTotal(remaining.Where(e => e.Action == "Work").Select(e => (e.StreamId, e.Sequence, e.Hash!)))
            .Should().Be(RetentionYear.HashTotal(kept.Select(e => (e.Stream, e.Sequence, e.Hash))));
        remaining.Should().Contain(e => e.Actor!.Id == "u3" && e.TenantId == "acme" && e.Timestamp < RetentionYear.Now.AddDays(-400 + 30), "held events stay");

        var report = await AuditIntegrity.CreateVerifier(store).VerifyAsync();
        report.Issues.Should().BeEmpty();
        report.EventsDeleted.Should().Be(moved.Count);

        var manifests = await ToListAsync(retention.ListArchivesAsync());
        manifests.Should().OnlyContain(m => m.Categories.Count == 1 && m.KeyId == "k1" && m.PreviousArchive == null);
        manifests.Select(m => (m.TenantId, m.Categories[0].Category)).Should().OnlyHaveUniqueItems();
        manifests.Sum(m => m.EventCount).Should().Be(archived.Count);
        (await retention.GetHoldsAsync()).Should().ContainSingle().Which.Id.Should().Be(hold.Id);
    }

    [Test]
    public async Task RunAsync_HundredDaysLater_LinksNewArchivesToThePreviousAndPurgesExpiredOnesUnlessHeld()
    {
        List<AuditArchiveManifest> first;
        using (var host = await Year.StartRetentionHostAsync(new FakeTimeProvider(RetentionYear.Now), Folder.File("archives")))
        {
            var retention = host.Services.GetRequiredService<IAuditRetention>();
            await retention.RunAsync();
            first = await ToListAsync(retention.ListArchivesAsync());
            await retention.PlaceHoldAsync(new AuditLegalHold { TenantId = "globex", EntityType = "Customer", RecordId = "C-6" }, "Customer C-6 dispute");
            await host.StopAsync();
        }

        // A new host at the later time: jumping a FakeTimeProvider 100 days would fire each periodic timer once per period.
        var later = RetentionYear.Now.AddDays(100);
        using var laterHost = await Year.StartRetentionHostAsync(new FakeTimeProvider(later), Folder.File("archives"));
        var retention2 = laterHost.Services.GetRequiredService<IAuditRetention>();
        var run = await retention2.RunAsync();

        // API requests keep their archive 90 days: every first-run API archive has expired; those holding a C-6 event stay.
        var firstApi = first.Where(m => m.Categories[0].Category == AuditCategory.ApiRequest).ToList();
        var firstApiHeld = firstApi.Where(m => Year.Events.Any(e =>
            e.Category == AuditCategory.ApiRequest && e.TenantId == m.TenantId && e.TenantId == "globex" && e.RecordId == "C-6" && RetentionYear.Expired(e, RetentionYear.Now))).ToList();
        firstApi.Should().HaveCount(3);
        firstApiHeld.Should().ContainSingle();
        run.ArchivesPurged.Should().Be(firstApi.Count - firstApiHeld.Count);
        run.ArchivesKeptByHolds.Should().Be(firstApiHeld.Count);

        var all = await ToListAsync(retention2.ListArchivesAsync());
        all.Select(m => m.Name).Should().NotIntersectWith(firstApi.Except(firstApiHeld).Select(m => m.Name));
        var second = all.Where(m => first.All(f => f.Name != m.Name)).ToList();
        second.Should().NotBeEmpty();
        foreach (var m in second)
        {
            var previous = first.SingleOrDefault(f => f.TenantId == m.TenantId && f.Categories[0].Category == m.Categories[0].Category);
            if (previous is not null)
            {
                m.PreviousArchive.Should().Be(previous.Name);
                m.PreviousSha256.Should().Be(previous.Sha256);
                m.FirstSequence.Should().BeGreaterThan(previous.LastSequence);
            }
        }

        // Second run: what expired since, less the new hold's events.
        var movedFirst = Year.Events.Where(e => RetentionYear.Expired(e, RetentionYear.Now)).ToHashSet();
        var movedSecond = Year.Events.Where(e => !movedFirst.Contains(e) && RetentionYear.Expired(e, later) && !(e.TenantId == "globex" && e.RecordId == "C-6")).ToList();
        // Plus the first run's JobExecuted event (System, now past its 90 days); the hold's SettingsChanged event after it is the stream's head and stays.
        run.EventsDeleted.Should().Be(movedSecond.Count + 1);
        run.EventsArchived.Should().Be(movedSecond.Count(e => RetentionYear.Archived(e, later)) + 1, "the JobExecuted event is archived with the System events");
        second.Sum(m => m.EventCount).Should().Be(run.EventsArchived);

        await using var store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={Year.Path};Mode=ReadOnly" });
        var remaining = new List<Guid>();
        await foreach (var e in store.ReadStreamAsync(1))
        {
            remaining.Add(e.Id);
        }

        remaining.Intersect(Year.Events.Select(e => e.Id)).Should().BeEquivalentTo(Year.Events.Except(movedFirst).Except(movedSecond).Select(e => e.Id));
        (await AuditIntegrity.CreateVerifier(store).VerifyAsync()).Issues.Should().BeEmpty();
    }

    [Test]
    public async Task GetStorageAsync_AfterARun_GivesActiveArchivedCapacityAndUsageAndOnlyTheTenantsOwnFiguresInItsScope()
    {
        var time = new FakeTimeProvider(RetentionYear.Now);
        using var host = await Year.StartRetentionHostAsync(time, Folder.File("archives"), capacity: 50L << 20);
        var retention = host.Services.GetRequiredService<IAuditRetention>();
        await retention.RunAsync();

        var storage = await retention.GetStorageAsync();
        var files = Directory.EnumerateFiles(Folder.File("archives"), "*.akarc", SearchOption.AllDirectories).ToList();
        storage.ArchiveCount.Should().Be(files.Count);
        storage.ArchivedBytes.Should().Be(files.Sum(f => new FileInfo(f).Length));
        storage.ArchivedEvents.Should().Be(Year.Events.Count(e => RetentionYear.Expired(e, RetentionYear.Now) && RetentionYear.Archived(e, RetentionYear.Now)));
        await using (var store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={Year.Path};Mode=ReadOnly" }))
        {
            storage.ActiveEvents.Should().Be((await store.GetStorageInfoAsync()).EventCount);
        }

        storage.ActiveBytes.Should().BePositive();
        storage.CapacityBytes.Should().Be(50L << 20);
        storage.UsagePercent.Should().Be(Math.Round((storage.ActiveBytes!.Value + storage.ArchivedBytes) * 100.0 / (50L << 20), 1));

        var other = (await ToListAsync(retention.ListArchivesAsync())).First(m => m.TenantId == "globex");
        var context = host.Services.GetRequiredService<IAuditContextAccessor>();
        using (context.BeginScope(new AuditContext(TenantId: "acme")))
        {
            var acme = await retention.GetStorageAsync();
            acme.ActiveBytes.Should().BeNull("the store's size covers every tenant");
            acme.UsagePercent.Should().BeNull();
            acme.ArchivedEvents.Should().Be(Year.Events.Count(e => e.TenantId == "acme" && RetentionYear.Expired(e, RetentionYear.Now) && RetentionYear.Archived(e, RetentionYear.Now)));
            acme.ActiveEvents.Should().Be(Year.Events.Count(e => e.TenantId == "acme" && !RetentionYear.Expired(e, RetentionYear.Now)));
            (await ToListAsync(retention.ListArchivesAsync())).Should().OnlyContain(m => m.TenantId == "acme");
            var read = async () => await ToListAsync(retention.ReadArchiveAsync(other.Name));
            await read.Should().ThrowAsync<AuditArchiveException>().WithMessage("*not in this tenant's scope*");
        }
    }

    [Test]
    public async Task SavePoliciesAndHolds_AreAuditedAndAnInvalidPolicyIsRefusedNamingTheField()
    {
        var time = new FakeTimeProvider(RetentionYear.Now);
        using var host = await Year.StartRetentionHostAsync(time, Folder.File("archives"));
        var retention = host.Services.GetRequiredService<IAuditRetention>();
        var policies = await retention.GetPoliciesAsync();
        policies.Version.Should().Be(0);
        policies.Value.Policies.Select(p => (p.Category, p.ActiveDays, p.ArchiveDays)).Should().Equal(
            (AuditCategory.Security, 730, 2555), (AuditCategory.UserAction, 365, 1095), (AuditCategory.RecordChange, 365, 1825),
            (AuditCategory.System, 90, 365), (AuditCategory.ApiRequest, 30, 90), (AuditCategory.DataAccess, 30, (int?)null));

        policies.Value.Policies.Single(p => p.Category == AuditCategory.System).ActiveDays = 60;
        var saved = await retention.SavePoliciesAsync(policies.Value, 0);
        var hold = await retention.PlaceHoldAsync(new AuditLegalHold { ActorId = "u1" }, "HR case");
        (await retention.LiftHoldAsync(hold.Id)).Should().BeTrue();
        (await retention.LiftHoldAsync(hold.Id)).Should().BeFalse();

        saved.Version.Should().Be(1);
        var bad = new AuditRetentionPolicies();
        bad.Policies[0].ArchiveDays = 10;
        var save = () => retention.SavePoliciesAsync(bad, 1);
        await save.Should().ThrowAsync<ArgumentException>().WithMessage("*Policies[0].ArchiveDays*");

        await host.Services.GetRequiredService<IAuditLog>().FlushAsync();
        var reader = host.Services.GetRequiredService<IAuditReader>();
        var changes = await reader.QueryAsync(new AuditQuery { Actions = [AuditActions.SettingsChanged], PageSize = 10 });
        changes.Events.Select(e => e.Target!.RecordId).Should().Equal(AuditLegalHolds.DocumentName, AuditLegalHolds.DocumentName, AuditRetentionPolicies.DocumentName);
        changes.Events[2].Changes.Should().Contain(c => c.Field.Contains("activeDays", StringComparison.Ordinal) && c.NewValue == "60");
    }

    [Test]
    public async Task RestoreAsync_AnArchiveIntoAStoreOfItsOwn_AppendsItsEventsWithTheirHashesAndRefusesTheActiveStore()
    {
        using var host = await Year.StartRetentionHostAsync(new FakeTimeProvider(RetentionYear.Now), Folder.File("archives"));
        var retention = host.Services.GetRequiredService<IAuditRetention>();
        await retention.RunAsync();
        var manifest = (await ToListAsync(retention.ListArchivesAsync())).OrderByDescending(m => m.EventCount).First();
        await using var investigation = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={Folder.File("investigation.db")}" });

        var restored = await retention.RestoreAsync(manifest.Name, investigation);

        restored.Should().Be(manifest.EventCount);
        var expected = Year.Events.Where(e => e.TenantId == manifest.TenantId && e.Category == manifest.Categories[0].Category
            && RetentionYear.Expired(e, RetentionYear.Now) && RetentionYear.Archived(e, RetentionYear.Now)).ToList();
        var stored = new List<AuditEvent>();
        await foreach (var e in investigation.ReadStreamAsync(1))
        {
            stored.Add(e);
        }

        stored.Select(e => (e.Id, e.Sequence, e.Hash)).Should().Equal(expected.Select(e => (e.Id, e.Sequence, (string?)e.Hash)));
        (await retention.RestoreAsync(manifest.Name, investigation)).Should().Be(manifest.EventCount, "appending again is idempotent");
        (await investigation.GetStorageInfoAsync()).EventCount.Should().Be(manifest.EventCount);
        var intoActive = () => retention.RestoreAsync(manifest.Name, host.Services.GetRequiredService<AuditStore>());
        await intoActive.Should().ThrowAsync<ArgumentException>().WithMessage("*store of its own*");
    }

    private static async Task<List<AuditEvent>> ReadAllArchivesAsync(IAuditRetention retention)
    {
        var events = new List<AuditEvent>();
        await foreach (var m in retention.ListArchivesAsync())
        {
            await foreach (var e in retention.ReadArchiveAsync(m.Name))
            {
                events.Add(e);
            }
        }

        return events;
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
