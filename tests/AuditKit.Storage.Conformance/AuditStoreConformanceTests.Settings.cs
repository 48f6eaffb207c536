namespace AuditKit.Storage.Conformance;

/// <summary>Settings documents (<see cref="AuditStore.GetSettingsAsync"/>, <see cref="AuditStore.SaveSettingsAsync"/>): versions and optimistic concurrency.</summary>
public abstract partial class AuditStoreConformanceTests
{
    private static readonly DateTimeOffset SavedAt = new(2026, 11, 30, 9, 15, 0, 123, TimeSpan.Zero);

    [Test]
    public virtual async Task Settings_NeverSaved_IsNull()
    {
        if (!await SupportsAsync(AuditStoreFeatures.Settings, s => s.GetSettingsAsync("event-policy")))
        {
            return;
        }

        await using var store = await CreateStoreAsync();
        (await store.GetSettingsAsync("event-policy")).Should().BeNull();
    }

    [Test]
    public virtual async Task Settings_SavedThenChanged_ReadBackWithVersionsTimeAndActor()
    {
        if (!await SupportsAsync(AuditStoreFeatures.Settings, s => s.GetSettingsAsync("event-policy")))
        {
            return;
        }

        await using var store = await CreateStoreAsync();
        var first = new AuditSettingsDocument("event-policy", 1, """{"export":false}""", SavedAt, "admin");
        await store.SaveSettingsAsync(first);
        (await store.GetSettingsAsync("event-policy")).Should().Be(first);

        var second = new AuditSettingsDocument("event-policy", 2, """{"export":true}""", SavedAt.AddMinutes(5), null);
        await store.SaveSettingsAsync(second);
        (await store.GetSettingsAsync("event-policy")).Should().Be(second);
        (await store.GetSettingsAsync("alert-rules")).Should().BeNull("documents are kept by name");
    }

    [Test]
    public virtual async Task Settings_SavedOverAStaleOrSkippedVersion_ConflictsAndKeepsTheStoredOne()
    {
        if (!await SupportsAsync(AuditStoreFeatures.Settings, s => s.GetSettingsAsync("event-policy")))
        {
            return;
        }

        await using var store = await CreateStoreAsync();
        var stored = new AuditSettingsDocument("retention", 1, """{"days":730}""", SavedAt, "a");
        await store.SaveSettingsAsync(stored);

        var again = () => store.SaveSettingsAsync(stored with { Json = """{"days":1}""" });
        (await again.Should().ThrowAsync<AuditSettingsConflictException>()).Which.Should().BeEquivalentTo(new { Name = "retention", ExpectedVersion = 0L, ActualVersion = 1L });
        var skipped = () => store.SaveSettingsAsync(stored with { Version = 3, Json = """{"days":2}""" });
        (await skipped.Should().ThrowAsync<AuditSettingsConflictException>()).Which.ActualVersion.Should().Be(1);
        var missing = () => store.SaveSettingsAsync(new AuditSettingsDocument("never-saved", 2, "{}", SavedAt, null));
        (await missing.Should().ThrowAsync<AuditSettingsConflictException>()).Which.ActualVersion.Should().Be(0);

        (await store.GetSettingsAsync("retention")).Should().Be(stored);
        (await store.GetSettingsAsync("never-saved")).Should().BeNull();
    }

    [Test]
    public virtual async Task Settings_EightConcurrentSavesOfTheSameVersion_ExactlyOneWins()
    {
        if (!await SupportsAsync(AuditStoreFeatures.Settings, s => s.GetSettingsAsync("event-policy")))
        {
            return;
        }

        await using var store = await CreateStoreAsync();
        await store.SaveSettingsAsync(new AuditSettingsDocument("alert-rules", 1, "[]", SavedAt, "a"));

        var attempts = Enumerable.Range(0, 8)
            .Select(i => Task.Run(async () =>
            {
                try
                {
                    await store.SaveSettingsAsync(new AuditSettingsDocument("alert-rules", 2, $"[{i}]", SavedAt, $"user{i}"));
                    return i;
                }
                catch (AuditSettingsConflictException)
                {
                    return -1;
                }
            }))
            .ToList();
        var winners = (await Task.WhenAll(attempts)).Where(i => i >= 0).ToList();

        winners.Should().ContainSingle("optimistic concurrency lets one save of version 2 through");
        var stored = await store.GetSettingsAsync("alert-rules");
        stored!.Version.Should().Be(2);
        stored.Json.Should().Be($"[{winners[0]}]");
        stored.UpdatedBy.Should().Be($"user{winners[0]}");
    }

    [Test]
    public virtual async Task Settings_HostileText_IsStoredVerbatim()
    {
        if (!await SupportsAsync(AuditStoreFeatures.Settings, s => s.GetSettingsAsync("event-policy")))
        {
            return;
        }

        await using var store = await CreateStoreAsync();
        var nfd = "Crème brûlée Zürich".Normalize(System.Text.NormalizationForm.FormD);
        var json = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["script"] = "<script>alert(1)</script>",
            ["sql"] = "'; DROP TABLE audit_settings; --",
            ["csv"] = "=HYPERLINK(\"x\")",
            ["template"] = "{user_name} {{record_count}}",
            ["nfd"] = nfd,
            ["emoji"] = "✓ 😀",
            ["nul"] = "a\u0000b",
        });
        var document = new AuditSettingsDocument("report-schedules", 1, json, SavedAt, "o'brien");
        await store.SaveSettingsAsync(document);

        var read = await store.GetSettingsAsync("report-schedules");
        read.Should().Be(document);
        System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(read!.Json)!["nfd"].Should().Be(nfd, "text is not normalised on the way");
    }

    [Test]
    public virtual async Task Settings_BadNameOrOversizedDocument_IsRejectedNamingTheField()
    {
        if (!await SupportsAsync(AuditStoreFeatures.Settings, s => s.GetSettingsAsync("event-policy")))
        {
            return;
        }

        await using var store = await CreateStoreAsync();
        var upper = () => store.SaveSettingsAsync(new AuditSettingsDocument("Event Policy", 1, "{}", SavedAt, null));
        (await upper.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("document.Name");
        var huge = () => store.SaveSettingsAsync(new AuditSettingsDocument("big", 1, $"\"{new string('x', AuditSettingsDocument.MaxJsonLength)}\"", SavedAt, null));
        (await huge.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("document.Json");
        var zero = () => store.SaveSettingsAsync(new AuditSettingsDocument("big", 0, "{}", SavedAt, null));
        (await zero.Should().ThrowAsync<ArgumentOutOfRangeException>()).Which.ParamName.Should().Be("document.Version");
        var badRead = () => store.GetSettingsAsync("../etc/passwd");
        (await badRead.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("name");
        (await store.GetSettingsAsync("big")).Should().BeNull();
    }
}
