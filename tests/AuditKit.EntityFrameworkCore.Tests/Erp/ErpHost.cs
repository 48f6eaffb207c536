using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuditKit.EntityFrameworkCore.Tests.Erp;

/// <summary>An ERP host on two real SQLite files (the business database and the audit log), with the interceptors added in one line.</summary>
public sealed class ErpHost : IAsyncDisposable
{
    private readonly string _folder;
    private readonly IHost _host;

    private ErpHost(string folder, IHost host, string erpDatabase)
    {
        _folder = folder;
        _host = host;
        ErpDatabase = erpDatabase;
    }

    public IServiceProvider Services => _host.Services;

    public IAuditReader Reader => Services.GetRequiredService<IAuditReader>();

    public string ErpDatabase { get; }

    /// <param name="configure">EF Core capture options.</param>
    /// <param name="audit">More AuditKit configuration.</param>
    /// <param name="erpDatabase">Another host's business database (a second process on the same database); by default a new one.</param>
    /// <param name="db">More DbContext options, after AuditKit's interceptors (an application's own interceptors).</param>
    public static async Task<ErpHost> StartAsync(Action<EntityAuditOptions>? configure = null, Action<IAuditKitBuilder>? audit = null, string? erpDatabase = null, Action<DbContextOptionsBuilder>? db = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "auditkit-ef-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        erpDatabase ??= Path.Combine(folder, "erp.db");
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddAuditKit(a =>
        {
            a.UseSqlite($"Data Source={Path.Combine(folder, "audit.db")}");
            a.AddEntityFramework(o =>
            {
                o.SoftDelete<Customer>(c => c.IsDeleted);
                o.Entity<Order>(e => e.LogViews());
                o.TenantId = context => ((ErpDbContext)context).TenantId;
                configure?.Invoke(o);
            });
            audit?.Invoke(a);
        });
        // Each test builds a host, so EF Core sees a new set of interceptors (and builds its internal services) per test.
        builder.Services.AddDbContext<ErpDbContext>((sp, options) =>
        {
            options.UseSqlite($"Data Source={erpDatabase}").AddAuditKitInterceptors(sp)
                .ConfigureWarnings(w => w.Ignore(CoreEventId.ManyServiceProvidersCreatedWarning));
            db?.Invoke(options);
        });
        var host = builder.Build();
        await host.StartAsync();
        using (var scope = host.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ErpDbContext>().Database.EnsureCreatedAsync();
        }

        return new ErpHost(folder, host, erpDatabase);
    }

    /// <summary>A new context in its own scope (as one request would have).</summary>
    public ContextLease Context()
    {
        var scope = Services.CreateScope();
        return new ContextLease(scope, scope.ServiceProvider.GetRequiredService<ErpDbContext>());
    }

    /// <summary>Every event recorded so far, oldest first.</summary>
    public async Task<List<AuditEvent>> EventsAsync(AuditQuery? query = null)
    {
        await Services.GetRequiredService<IAuditLog>().FlushAsync();
        var events = new List<AuditEvent>();
        string? cursor = null;
        do
        {
            var page = await Reader.QueryAsync((query ?? new AuditQuery()) with { PageSize = AuditQuery.MaxPageSize, Cursor = cursor });
            events.AddRange(page.Events);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        events.Reverse();
        return events;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public sealed class ContextLease(IServiceScope scope, ErpDbContext db) : IDisposable
{
    public ErpDbContext Db { get; } = db;

    public void Dispose() => scope.Dispose();
}
