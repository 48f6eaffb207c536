using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;

namespace AuditKit.Interop;

/// <summary>
/// Sends each committed event as one RFC 5424 message: over TCP (TLS by default) with RFC 5425 octet-counting framing
/// on one kept-open connection, or one UDP datagram each. A failure drops the connection and throws, so the
/// subscription delivers the batch again (at least once; the SD element carries the event id for de-duplication).
/// </summary>
internal sealed class SyslogForwarder(IOptions<SyslogForwardingOptions> options) : IAuditSubscriber, IAsyncDisposable
{
    private readonly SyslogForwardingOptions _options = options.Value;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _hostname = options.Value.Hostname ?? Environment.MachineName;
    private TcpClient? _tcp;
    private Stream? _stream;
    private UdpClient? _udp;

    public async Task HandleAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_options.Transport == SyslogTransport.Udp)
            {
                await SendUdpAsync(events, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await SendTcpAsync(events, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await DropAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DropAsync().ConfigureAwait(false);
        _gate.Dispose();
    }

    private async Task SendTcpAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        var stream = _stream ?? await ConnectAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        foreach (var e in events)
        {
            var message = SyslogMessage.Format(e, _options, _hostname);
            var prefix = Encoding.ASCII.GetBytes(message.Length.ToString(CultureInfo.InvariantCulture) + " ");
            buffer.Write(prefix);
            buffer.Write(message);
            if (buffer.Length >= 64 * 1024)
            {
                await stream.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
                buffer.SetLength(0);
            }
        }

        await stream.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task SendUdpAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        if (_udp is null)
        {
            var udp = new UdpClient();
            try
            {
                udp.Connect(_options.Host, _options.Port);
            }
            catch
            {
                udp.Dispose();
                throw;
            }

            _udp = udp;
        }

        foreach (var e in events)
        {
            var message = SyslogMessage.Format(e, _options, _hostname, _options.MaxUdpMessageBytes);
            await _udp.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<Stream> ConnectAsync(CancellationToken cancellationToken)
    {
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(_options.ConnectTimeout);
                await tcp.ConnectAsync(_options.Host, _options.Port, timeout.Token).ConfigureAwait(false);
            }

            Stream stream = tcp.GetStream();
            if (_options.Transport == SyslogTransport.Tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                await ssl.AuthenticateAsClientAsync(
                    new SslClientAuthenticationOptions
                    {
                        TargetHost = _options.TargetHost ?? _options.Host,
                        RemoteCertificateValidationCallback = _options.ServerCertificateValidation,
                    },
                    cancellationToken).ConfigureAwait(false);
                stream = ssl;
            }

            _tcp = tcp;
            _stream = stream;
            return stream;
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    private async ValueTask DropAsync()
    {
        if (_stream is { } stream)
        {
            _stream = null;
            try
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
            catch (IOException)
            {
                // the connection is already gone
            }
        }

        _tcp?.Dispose();
        _tcp = null;
        _udp?.Dispose();
        _udp = null;
    }
}
