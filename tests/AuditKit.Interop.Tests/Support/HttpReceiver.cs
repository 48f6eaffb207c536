using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AuditKit.Interop.Tests.Support;

/// <summary>A Kestrel endpoint on 127.0.0.1 that keeps every request body it receives; it can refuse the first requests.</summary>
public sealed class HttpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _refuse;

    private HttpReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<(string Path, string? ContentType, byte[] Body, string? Authorization)> Requests { get; } = new();

    public int Refused;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Starts the receiver; it answers the first <paramref name="refuseFirst"/> requests 503, each after <paramref name="refuseAfter"/>.</summary>
    public static async Task<HttpReceiver> StartAsync(int refuseFirst = 0, TimeSpan refuseAfter = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new HttpReceiver(app) { _refuse = refuseFirst };
        app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            if (Interlocked.Decrement(ref receiver._refuse) >= 0)
            {
                Interlocked.Increment(ref receiver.Refused);
                await Task.Delay(refuseAfter);
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            receiver.Requests.Enqueue((context.Request.Path, context.Request.ContentType, body.ToArray(), context.Request.Headers.Authorization.ToString()));
            context.Response.StatusCode = StatusCodes.Status200OK;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.BaseAddress = new Uri(address);
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
