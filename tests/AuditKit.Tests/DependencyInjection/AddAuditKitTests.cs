using AuditKit.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuditKit.Tests.DependencyInjection;

public sealed class AddAuditKitTests
{
    [Test]
    public async Task Start_WithoutStore_FailsNamingUseSqlite()
    {
        var thrown = await FluentActions.Awaiting(() => AuditHost.StartAsync(_ => { })).Should().ThrowAsync<OptionsValidationException>();
        thrown.Which.Message.Should().Contain("UseSqlite");
    }

    [Test]
    public async Task Start_InvalidOptions_FailsNamingEachOption()
    {
        var thrown = await FluentActions.Awaiting(() => AuditHost.StartAsync(a => a.UseInMemory().Configure(o =>
        {
            o.QueueCapacity = 0;
            o.MaxBatchSize = -1;
            o.StreamId = 0;
            o.Limits.MaxTextLength = 1;
        }))).Should().ThrowAsync<OptionsValidationException>();

        thrown.Which.Message.Should().ContainAll("QueueCapacity", "MaxBatchSize", "StreamId", "Limits.MaxTextLength");
    }

    [Test]
    public async Task AddAuditKit_Twice_RegistersOneWriterAndKeepsBothConfigurations()
    {
        await using var host = await AuditHost.StartAsync(a => a.UseInMemory(), s => s.AddAuditKit(a => a.Configure(o => o.Application = "Angage ERP")));

        host.Host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<AuditWriterHostedService>().Should().ContainSingle();
        host.Host.Services.GetRequiredService<IOptions<AuditKitOptions>>().Value.Application.Should().Be("Angage ERP");
        (await host.Log.RecordAsync(new AuditEvent(AuditCategory.System, "X"))).Sequence.Should().Be(1);
    }

    [Test]
    public async Task Configure_FromConfigurationSection_BindsOptions()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AuditKit:Application"] = "Angage ERP",
            ["AuditKit:MaxBatchSize"] = "250",
            ["AuditKit:Limits:MaxTextLength"] = "1000",
        }).Build();

        await using var host = await AuditHost.StartAsync(a => a.UseInMemory().Configure(configuration.GetSection("AuditKit")));

        var options = host.Host.Services.GetRequiredService<IOptions<AuditKitOptions>>().Value;
        options.Application.Should().Be("Angage ERP");
        options.MaxBatchSize.Should().Be(250);
        options.Limits.MaxTextLength.Should().Be(1000);
    }

    [Test]
    public async Task Reader_InsideTenantScope_SeesOnlyThatTenant()
    {
        await using var host = await AuditHost.StartAsync(a => a.UseInMemory());
        var acme = await host.Log.RecordAsync(new AuditEvent(AuditCategory.System, "X") { TenantId = "acme" });
        var globex = await host.Log.RecordAsync(new AuditEvent(AuditCategory.System, "X") { TenantId = "globex" });

        using (host.Context.BeginScope(new AuditContext(TenantId: "acme")))
        {
            (await host.Reader.QueryAsync(new AuditQuery { TenantId = "globex" })).Events.Should().ContainSingle().Which.Id.Should().Be(acme.Id);
            (await host.Reader.CountAsync(new AuditQuery())).Should().Be(1);
            (await host.Reader.GetAsync(globex.Id)).Should().BeNull();
            (await host.Reader.GetAsync(acme.Id)).Should().NotBeNull();
            (await host.Reader.AggregateAsync(new AggregateQuery { From = acme.Timestamp.AddDays(-1), To = acme.Timestamp.AddDays(1), GroupBy = AggregateDimension.Action }))
                .Should().ContainSingle().Which.Count.Should().Be(1);
        }

        (await host.Reader.CountAsync(new AuditQuery())).Should().Be(2);
    }
}
