using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AuditKit.Notifications.Tests.Support;

/// <summary>A real Kestrel endpoint on 127.0.0.1 that keeps every body posted to /hook and answers 503 for the first <c>failures</c> posts.</summary>
public sealed class HookEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _posts;

    private HookEndpoint(WebApplication app) => _app = app;

    public ConcurrentQueue<string> Bodies { get; } = new();

    public int Posts => Volatile.Read(ref _posts);

    public Uri Url { get; private set; } = null!;

    public static async Task<HookEndpoint> StartAsync(int failures = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var endpoint = new HookEndpoint(app);
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            if (Interlocked.Increment(ref endpoint._posts) <= failures)
            {
                return Results.StatusCode(503);
            }

            endpoint.Bodies.Enqueue(body);
            return Results.Ok();
        });
        await app.StartAsync();
        endpoint.Url = new Uri(new Uri(app.Urls.First()), "/hook");
        return endpoint;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
