using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace AuditKit.Interop.Tests.Support;

/// <summary>
/// A syslog collector on 127.0.0.1: TCP (optionally TLS with a self-signed certificate made here) reading RFC 5425
/// octet-counted frames ("LEN SP MSG"), every frame kept as raw bytes.
/// </summary>
public sealed class SyslogTcpReceiver : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly X509Certificate2? _certificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly ConcurrentBag<TcpClient> _clients = [];

    public SyslogTcpReceiver(bool tls, int port = 0)
    {
        if (tls)
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            san.AddDnsName("localhost");
            request.CertificateExtensions.Add(san.Build());
            using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
            _certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
        }

        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public X509Certificate2? Certificate => _certificate;

    public ConcurrentQueue<byte[]> Frames { get; } = new();

    public int Connections;

    public IEnumerable<string> Messages => Frames.Select(f => Encoding.UTF8.GetString(f));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        foreach (var client in _clients)
        {
            client.Dispose(); // ends reads blocked on an open connection
        }

        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _listener.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        var readers = new List<Task>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref Connections);
                _clients.Add(client);
                readers.Add(ReadAsync(client));
            }
        }
        finally
        {
            await Task.WhenAll(readers).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task ReadAsync(TcpClient client)
    {
        try
        {
            await ReadFramesAsync(client);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // the connection ended
        }
    }

    private async Task ReadFramesAsync(TcpClient client)
    {
        using (client)
        {
            Stream stream = client.GetStream();
            if (_certificate is not null)
            {
                var ssl = new SslStream(stream);
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
                stream = ssl;
            }

            await using (stream)
            {
                var reader = new BufferedStream(stream);
                var one = new byte[1];
                while (!_stop.IsCancellationRequested)
                {
                    var length = 0;
                    int b;
                    var digits = 0;
                    while ((b = await reader.ReadAsync(one, _stop.Token) == 0 ? -1 : one[0]) is >= '0' and <= '9')
                    {
                        length = (length * 10) + (b - '0');
                        digits++;
                    }

                    if (b == -1)
                    {
                        return;
                    }

                    if (b != ' ' || digits == 0)
                    {
                        throw new InvalidDataException($"Not an octet-counted frame: byte {b} after {digits} digit(s).");
                    }

                    var frame = new byte[length];
                    await reader.ReadExactlyAsync(frame, _stop.Token);
                    Frames.Enqueue(frame);
                }
            }
        }
    }
}
