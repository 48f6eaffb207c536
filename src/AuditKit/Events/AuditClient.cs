namespace AuditKit;

/// <summary>Where an action came from (OCSF "src_endpoint" and "device").</summary>
/// <param name="IpAddress">The client's IP address as text ("192.168.1.105").</param>
/// <param name="Location">An estimated location ("New York, NY (estimated)").</param>
/// <param name="UserAgent">The raw user agent string.</param>
/// <param name="Device">A readable device description ("Chrome on Windows").</param>
/// <param name="SessionId">The host application's session identifier.</param>
public sealed record AuditClient(
    string? IpAddress = null,
    string? Location = null,
    string? UserAgent = null,
    string? Device = null,
    string? SessionId = null);
