namespace AuditKit.Interop;

/// <summary>How syslog messages travel.</summary>
public enum SyslogTransport
{
    /// <summary>TCP with TLS and RFC 5425 octet-counting framing (the default; port 6514 by convention).</summary>
    Tls = 0,

    /// <summary>Plain TCP with the same octet-counting framing (RFC 6587); for a collector on a trusted network.</summary>
    Tcp = 1,

    /// <summary>UDP, one message per datagram (RFC 5426): no delivery guarantee and a size limit (<see cref="SyslogForwardingOptions.MaxUdpMessageBytes"/>).</summary>
    Udp = 2,
}
