using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace AuditKit.Interop;

/// <summary>
/// POSTs each batch as JSON Lines of OCSF events through the named <see cref="HttpClient"/> "AuditKit.Interop.Http",
/// which carries the standard resilience handler (retries with back-off on 5xx, 408, 429 and transport errors, timeouts,
/// circuit breaker). A batch the endpoint still refuses throws, and the subscription delivers it again.
/// </summary>
internal sealed class HttpForwarder(IHttpClientFactory clients, IOptions<HttpForwardingOptions> options) : IAuditSubscriber
{
    public const string ClientName = "AuditKit.Interop.Http";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly MediaTypeHeaderValue JsonLines = new("application/x-ndjson") { CharSet = "utf-8" };

    public async Task HandleAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var o = options.Value;
        var buffer = new ArrayBufferWriter<byte>(events.Count * 1024);
        foreach (var e in events)
        {
            using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            {
                OcsfMapping.Write(e, writer, o.Product);
            }

            buffer.Write("\n"u8);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, o.Endpoint);
        foreach (var (name, value) in o.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var content = new ReadOnlyMemoryContent(buffer.WrittenMemory);
        content.Headers.ContentType = JsonLines;
        request.Content = content;
        using var client = clients.CreateClient(ClientName);
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The forwarding endpoint answered {(int)response.StatusCode} {response.ReasonPhrase} to a batch of {events.Count} event(s).", null, response.StatusCode);
        }
    }
}
