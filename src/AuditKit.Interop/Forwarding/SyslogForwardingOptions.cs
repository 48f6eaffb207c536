using System.Net.Security;

namespace AuditKit.Interop;

/// <summary>Options of <see cref="ForwardingBuilderExtensions.AddSyslogForwarding"/>.</summary>
public sealed class SyslogForwardingOptions
{
    /// <summary>The collector's host name or IP address. Required.</summary>
    public string Host { get; set; } = string.Empty;

    /// <summary>The collector's port. Default 6514 (syslog over TLS).</summary>
    public int Port { get; set; } = 6514;

    /// <summary>TLS (default), TCP or UDP.</summary>
    public SyslogTransport Transport { get; set; } = SyslogTransport.Tls;

    /// <summary>The message body: CEF (default) or OCSF JSON.</summary>
    public ForwardingFormat Format { get; set; } = ForwardingFormat.Cef;

    /// <summary>The reporting product (CEF header, OCSF metadata); syslog's APP-NAME is its <see cref="InteropProduct.Name"/>.</summary>
    public InteropProduct Product { get; set; } = InteropProduct.Default;

    /// <summary>The HOSTNAME field. Default: this machine's name.</summary>
    public string? Hostname { get; set; }

    /// <summary>The syslog facility (0–23). Default 13, "log audit".</summary>
    public int Facility { get; set; } = 13;

    /// <summary>
    /// The SD-ID of the structured data element that carries the event id, stream and sequence (the receiver de-duplicates
    /// by the id). Default <c>auditkit@32473</c> (32473 is the private enterprise number reserved for examples, RFC 5612);
    /// use your organisation's number in production.
    /// </summary>
    public string StructuredDataId { get; set; } = "auditkit@32473";

    /// <summary>The server name checked against the collector's certificate (TLS). Default: <see cref="Host"/>.</summary>
    public string? TargetHost { get; set; }

    /// <summary>Validates the collector's certificate (TLS); null uses the platform's validation. Set it to trust a private CA.</summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; set; }

    /// <summary>
    /// The largest UDP datagram sent, in bytes (480–65,000; default 8,192). A longer message has its body truncated at a
    /// UTF-8 character boundary (UDP syslog cannot carry more; use TLS for large events).
    /// </summary>
    public int MaxUdpMessageBytes { get; set; } = 8192;

    /// <summary>How long connecting may take. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
