using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AuditKit.Tests.Support;

/// <summary>A real generic host running AuditKit, as an application would.</summary>
public sealed class AuditHost : IAsyncDisposable
{
    private readonly string? _ownJournal;

    private AuditHost(IHost host, string? ownJournal)
    {
        Host = host;
        _ownJournal = ownJournal;
    }

    public IHost Host { get; }

    public IAuditLog Log => Host.Services.GetRequiredService<IAuditLog>();

    public IAuditReader Reader => Host.Services.GetRequiredService<IAuditReader>();

    public IAuditContextAccessor Context => Host.Services.GetRequiredService<IAuditContextAccessor>();

    public static async Task<AuditHost> StartAsync(Action<IAuditKitBuilder> configure, Action<IServiceCollection>? services = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        var journal = Path.Combine(Path.GetTempPath(), "auditkit-tests", "journal-" + Guid.NewGuid().ToString("N"));
        builder.Services.AddAuditKit(configure);
        builder.Services.PostConfigure<AuditKitOptions>(o => o.JournalDirectory ??= journal);
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        var used = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuditKitOptions>>().Value.JournalDirectory;
        return new AuditHost(host, used == journal ? journal : null);
    }

    public Task StopAsync() => Host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();

        // The folder this helper made for the journals goes with the host; folders a test chose stay.
        if (_ownJournal is not null && Directory.Exists(_ownJournal))
        {
            Directory.Delete(_ownJournal, recursive: true);
        }
    }
}
