namespace AuditKit.Interop;

/// <summary>Options of <see cref="ForwardingBuilderExtensions.AddHttpForwarding"/>.</summary>
public sealed class HttpForwardingOptions
{
    /// <summary>The URL each batch is POSTed to as JSON Lines (<c>application/x-ndjson</c>), one OCSF event a line. Required.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The reporting product written to each event's OCSF metadata.</summary>
    public InteropProduct Product { get; set; } = InteropProduct.Default;

    /// <summary>Headers sent with every request (an authorization token, a SIEM's source key).</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
}
