using System.Text.Json;
using AuditKit.Testing;
using AuditKit.Tests.Support;

namespace AuditKit.Tests.Capture;

public sealed class RecordValidationTests
{
    private AuditHost _host = null!;
    private InMemoryAuditStore _store = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _store = new InMemoryAuditStore();
        _host = await AuditHost.StartAsync(a => a.UseInMemory(_store));
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _host.DisposeAsync();
        await _store.DisposeAsync();
    }

    [Test]
    public void Constructor_MissingAction_ThrowsNamingAction()
    {
        FluentActions.Invoking(() => new AuditEvent(AuditCategory.System, null!)).Should().Throw<ArgumentException>().WithParameterName("action");
        FluentActions.Invoking(() => new AuditEvent(AuditCategory.System, "  ")).Should().Throw<ArgumentException>().WithParameterName("action");
        FluentActions.Invoking(() => new AuditEvent(AuditCategory.System, "x") { Action = "" }).Should().Throw<ArgumentException>().WithParameterName("Action");
    }

    [Test]
    public async Task RecordAsync_NullEvent_ThrowsArgumentNull()
    {
        await FluentActions.Awaiting(async () => await _host.Log.RecordAsync(null!)).Should().ThrowAsync<ArgumentNullException>();
        FluentActions.Invoking(() => _host.Log.Record(null!)).Should().Throw<ArgumentNullException>();
    }

    [Test]
    public async Task RecordAsync_UndefinedEnums_ThrowNamingTheField()
    {
        await Rejects(new AuditEvent((AuditCategory)42, "X"), "auditEvent.Category");
        await Rejects(new AuditEvent(AuditCategory.System, "X") { Outcome = (AuditOutcome)9 }, "auditEvent.Outcome");
        await Rejects(new AuditEvent(AuditCategory.System, "X") { Risk = (RiskLevel)(-1) }, "auditEvent.Risk");
        await Rejects(new AuditEvent(AuditCategory.System, "X") { Actor = new AuditActor("a", Kind: (ActorKind)7) }, "auditEvent.Actor.Kind");
        await Rejects(new AuditEvent(AuditCategory.System, "X") { Changes = [new FieldChange("F", "a", "b", (FieldChangeKind)8)] }, "auditEvent.Changes[0].Kind");
    }

    [Test]
    public async Task RecordAsync_OversizedIdentifiers_ThrowNamingTheField()
    {
        var big = new string('x', 257);
        await Rejects(new AuditEvent(AuditCategory.System, big), "auditEvent.Action");
        await Rejects(new AuditEvent(AuditCategory.System, "X") { TenantId = big }, "auditEvent.TenantId");
        await Rejects(new AuditEvent(AuditCategory.System, "X") { Actor = new AuditActor(big) }, "auditEvent.Actor.Id");
        await Rejects(new AuditEvent(AuditCategory.System, "X") { Target = new AuditTarget("Customer", big) }, "auditEvent.Target.RecordId");
        await Rejects(new AuditEvent(AuditCategory.System, "X") { Client = new AuditClient(big) }, "auditEvent.Client.IpAddress");
        await Rejects(new AuditEvent(AuditCategory.System, "X") { CorrelationId = big }, "auditEvent.CorrelationId");
        await Rejects(new AuditEvent(AuditCategory.System, "X") { Changes = [new FieldChange(big, "a", "b")] }, "auditEvent.Changes[0].Field");
        (await _store.CountAsync(new AuditQuery())).Should().Be(0, "a rejected event is not written");
    }

    [Test]
    public async Task RecordAsync_BadChangesAndMetadata_ThrowNamingTheField()
    {
        await Rejects(new AuditEvent(AuditCategory.System, "X") { Changes = [null!] }, "auditEvent.Changes[0]");
        await Rejects(new AuditEvent(AuditCategory.System, "X") { Changes = [new FieldChange("ok", "1", "2"), new FieldChange("", "a", "b")] }, "auditEvent.Changes[1].Field");
        await Rejects(new AuditEvent(AuditCategory.System, "X") { Changes = Enumerable.Range(0, 1001).Select(i => new FieldChange($"F{i}", "a", "b")).ToList() }, "auditEvent.Changes");
        await Rejects(new AuditEvent(AuditCategory.System, "X") { Metadata = new Dictionary<string, JsonElement> { ["k"] = default } }, "auditEvent.Metadata[k]");
        await Rejects(new AuditEvent(AuditCategory.System, "X") { Metadata = AuditMetadata.Create(("blob", new string('x', 70_000))) }, "auditEvent.Metadata[blob]");
        FluentActions.Invoking(() => AuditMetadata.Create(("k", new object()))).Should().Throw<ArgumentException>().WithMessage("*'k'*");
        FluentActions.Invoking(() => AuditMetadata.Create(("k", 1), ("k", 2))).Should().Throw<ArgumentException>().WithMessage("*'k'*more than once*");
    }

    [Test]
    public async Task RecordAsync_TimestampBefore1970_ThrowsNamingTimestamp()
    {
        await Rejects(new AuditEvent(AuditCategory.System, "X") { Timestamp = new DateTimeOffset(1969, 12, 31, 0, 0, 0, TimeSpan.Zero) }, "auditEvent.Timestamp");
    }

    [Test]
    public async Task RecordAsync_NullCollections_AreStoredAsEmpty()
    {
        var e = await _host.Log.RecordAsync(new AuditEvent(AuditCategory.System, "X") { Changes = null!, Metadata = null! });

        e.Changes.Should().BeEmpty();
        e.Metadata.Should().BeEmpty();
        (await _host.Reader.GetAsync(e.Id))!.Changes.Should().BeEmpty();
    }

    [Test]
    public async Task RecordAsync_MegabyteValues_AreTruncatedWithMarkerAndStillChained()
    {
        var megabyte = new string('é', 1_048_576);
        var e = await _host.Log.RecordAsync(new AuditEvent(AuditCategory.RecordChange, AuditActions.Update)
        {
            Message = megabyte,
            Target = new AuditTarget("Customer", "C-1", megabyte),
            Changes = [new FieldChange("Notes", megabyte, "short")],
        });

        e.Message!.Length.Should().Be(4_096);
        e.Message.Should().EndWith(AuditLimits.TruncationMarker);
        e.Target!.RecordName!.Length.Should().Be(4_096);
        e.Changes[0].OldValue!.Length.Should().Be(65_536);
        e.Changes[0].OldValue.Should().EndWith(AuditLimits.TruncationMarker);
        e.Changes[0].NewValue.Should().Be("short");
        var stored = await _host.Reader.GetAsync(e.Id);
        stored!.Hash.Should().Be(e.Hash);
        AuditChain.CanonicalBytes(stored).Should().Equal(AuditChain.CanonicalBytes(e));
    }

    [Test]
    public async Task RecordAsync_InvalidUtf16AndNul_AreReplacedWithReplacementCharacter()
    {
        var e = await _host.Log.RecordAsync(new AuditEvent(AuditCategory.System, "X\uD800")
        {
            Message = "a\uDC00b\0c 😀",
            Actor = new AuditActor("u\uD83D", "Name\uDE00"),
            Changes = [new FieldChange("F\0", "\uD800", "ok😀")],
            Metadata = AuditMetadata.Create(("k\uDFFF", "v")),
        });

        e.Action.Should().Be("X\uFFFD");
        e.Message.Should().Be("a\uFFFDb\uFFFDc 😀", "valid surrogate pairs are kept");
        e.Actor!.Id.Should().Be("u\uFFFD");
        e.Actor.Name.Should().Be("Name\uFFFD");
        e.Changes[0].Should().Be(new FieldChange("F\uFFFD", "\uFFFD", "ok😀"));
        e.Metadata.Keys.Should().Equal("k\uFFFD");
    }

    [Test]
    public async Task RecordAsync_EmptyTenant_IsStoredAsNoTenant()
    {
        var e = await _host.Log.RecordAsync(new AuditEvent(AuditCategory.System, "X") { TenantId = "" });
        e.TenantId.Should().BeNull();
    }

    [Test]
    public async Task RecordAsync_SameEventTwice_IsRejectedAfterItWasWritten()
    {
        var e = await _host.Log.RecordAsync(new AuditEvent(AuditCategory.System, "X"));
        await FluentActions.Awaiting(async () => await _host.Log.RecordAsync(e)).Should().ThrowAsync<ArgumentException>().WithMessage("*already written*");
        (await _store.CountAsync(new AuditQuery())).Should().Be(1);
    }

    [Test]
    public async Task RecordAsync_TemplateBracesAndFormulaPrefixes_AreStoredVerbatim()
    {
        var e = await _host.Log.RecordAsync(new AuditEvent(AuditCategory.RecordChange, "Update")
        {
            Message = "{user_name} {{record_count}} {0}",
            Changes = [new FieldChange("Name", "=HYPERLINK(\"x\")", "+cmd|' /C calc'!A0")],
        });

        var stored = await _host.Reader.GetAsync(e.Id);
        stored!.Message.Should().Be("{user_name} {{record_count}} {0}");
        stored.Changes[0].OldValue.Should().Be("=HYPERLINK(\"x\")");
        stored.Changes[0].NewValue.Should().Be("+cmd|' /C calc'!A0");
    }

    private async Task Rejects(AuditEvent e, string field)
    {
        var thrown = await FluentActions.Awaiting(async () => await _host.Log.RecordAsync(e)).Should().ThrowAsync<ArgumentException>();
        thrown.Which.ParamName.Should().Be(field);
        thrown.Which.Message.Should().Contain(field.Replace("auditEvent.", "AuditEvent.", StringComparison.Ordinal).Split('[')[0]);
    }
}
