using AuditKit.Reports.Tests.Support;
using AuditKit.TestSupport;
using Microsoft.Extensions.Hosting;

namespace AuditKit.Reports.Tests;

/// <summary>Users, include successful / failed, tenant and range select what the oracle says; bad parameters fail before anything is written.</summary>
public sealed class ReportParameterTests
{
    private TempFolder _folder = null!;
    private IHost _host = null!;
    private List<SeedLog.Seed> _seeds = null!;
    private AuditEvent _tenantLogin = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _folder = new TempFolder();
        _host = await ReportHost.StartAsync(_folder.File("audit.db"));
        _seeds = SeedLog.Build();
        await SeedLog.RecordAsync(_host.Log(), _seeds);
        _tenantLogin = await _host.Log().RecordAsync(AuditEvents.Login(SeedLog.Mike) with { Timestamp = SeedLog.From.AddDays(20), TenantId = "tenant-b" });
    }

    [OneTimeTearDown]
    public async Task TearDown()
    {
        await _host.StopAsync();
        _host.Dispose();
        _folder.Dispose();
    }

    // The seeds' events of a report, and the tenant's login, which the User Access and Security Event reports take.
    private IEnumerable<AuditEvent> Of(AuditReportKind kind) =>
        _seeds.Where(s => s.In.Contains(kind)).Select(s => s.Event)
            .Concat(kind is AuditReportKind.UserAccess or AuditReportKind.SecurityEvent ? [_tenantLogin] : []);

    private static async Task<List<string>> EventIdsAsync(IHost host, AuditReportRequest request)
    {
        var (_, bytes) = await host.GenerateAsync(request, AuditReportFormat.Csv);
        return ReportFiles.Csv(bytes).Select(r => r["Event ID"]).Distinct().ToList();
    }

    [Test]
    public async Task GenerateAsync_Users_OnlyTheirEvents()
    {
        var ids = await EventIdsAsync(_host, new AuditReportRequest { Kind = AuditReportKind.UserAccess, From = SeedLog.From, To = SeedLog.To, Users = ["jsmith"] });

        ids.Should().BeEquivalentTo(Of(AuditReportKind.UserAccess).Where(e => e.Actor?.Id == "jsmith").Select(e => e.DisplayId));
        ids.Should().NotBeEmpty();
    }

    [Test]
    public async Task GenerateAsync_WithoutFailed_LeavesFailedAndDeniedOut()
    {
        var ids = await EventIdsAsync(_host, new AuditReportRequest { Kind = AuditReportKind.SecurityEvent, From = SeedLog.From, To = SeedLog.To, IncludeFailed = false });

        ids.Should().BeEquivalentTo(Of(AuditReportKind.SecurityEvent).Where(e => e.Outcome is AuditOutcome.Success or AuditOutcome.Warning).Select(e => e.DisplayId));
    }

    [Test]
    public async Task GenerateAsync_OnlyFailed_HasOnlyFailedAndDenied()
    {
        var ids = await EventIdsAsync(_host, new AuditReportRequest { Kind = AuditReportKind.SecurityEvent, From = SeedLog.From, To = SeedLog.To, IncludeSuccessful = false });

        ids.Should().BeEquivalentTo(Of(AuditReportKind.SecurityEvent).Where(e => e.Outcome is AuditOutcome.Failure or AuditOutcome.Denied).Select(e => e.DisplayId));
        ids.Should().ContainSingle("the seed has one failed login");
    }

    [Test]
    public async Task GenerateAsync_Tenant_OnlyThatTenantsEvents()
    {
        var ids = await EventIdsAsync(_host, new AuditReportRequest { Kind = AuditReportKind.UserAccess, From = SeedLog.From, To = SeedLog.To, TenantId = "tenant-b" });

        ids.Should().ContainSingle();
        var only = await _host.Reader().GetAsync(ids[0]);
        only!.TenantId.Should().Be("tenant-b");
    }

    [Test]
    public async Task GenerateAsync_Range_LeavesEventsOutsideItOut()
    {
        var day = new DateTimeOffset(2026, 1, 10, 9, 0, 0, TimeSpan.Zero);
        var ids = await EventIdsAsync(_host, new AuditReportRequest { Kind = AuditReportKind.UserAccess, From = day, To = day.AddMinutes(2) });

        ids.Should().BeEquivalentTo(Of(AuditReportKind.UserAccess).Where(e => e.Timestamp >= day && e.Timestamp < day.AddMinutes(2)).Select(e => e.DisplayId));
        ids.Should().HaveCount(2);
    }

    [TestCase("From")]
    [TestCase("IncludeSuccessful")]
    [TestCase("Users")]
    [TestCase("TenantId")]
    public async Task GenerateAsync_InvalidParameter_ThrowsNamingItAndWritesNothing(string field)
    {
        var request = new AuditReportRequest { Kind = AuditReportKind.UserAccess, From = SeedLog.From, To = SeedLog.To };
        request = field switch
        {
            "From" => request with { From = SeedLog.To },
            "IncludeSuccessful" => request with { IncludeSuccessful = false, IncludeFailed = false },
            "Users" => request with { Users = Enumerable.Range(0, 101).Select(i => $"u{i}").ToList() },
            _ => request with { TenantId = "" },
        };
        using var output = new MemoryStream();

        var act = () => _host.Reports().GenerateAsync(request, AuditReportFormat.Csv, output);

        (await act.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be(field);
        output.Length.Should().Be(0);
    }

    [Test]
    public async Task ExportQueryAsync_InvalidFilter_ThrowsBeforeWriting()
    {
        using var output = new MemoryStream();

        var act = () => _host.Reports().ExportQueryAsync(new AuditQuery { Text = new string('x', AuditQuery.MaxTextLength + 1) }, AuditReportFormat.Pdf, output);

        (await act.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("Text");
        output.Length.Should().Be(0);
    }
}
