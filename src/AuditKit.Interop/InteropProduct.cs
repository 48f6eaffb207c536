namespace AuditKit.Interop;

/// <summary>
/// Who reports the forwarded events: CEF's Device Vendor / Device Product / Device Version, OCSF's
/// <c>metadata.product</c>, syslog's APP-NAME (<see cref="Name"/>) and the OpenTelemetry instrumentation scope.
/// </summary>
/// <param name="Vendor">The vendor (CEF Device Vendor, OCSF <c>metadata.product.vendor_name</c>).</param>
/// <param name="Name">The product (CEF Device Product, OCSF <c>metadata.product.name</c>).</param>
/// <param name="Version">The product version (CEF Device Version, OCSF <c>metadata.product.version</c>).</param>
public sealed record InteropProduct(string Vendor, string Name, string Version)
{
    /// <summary>AuditKit itself, with the version of the AuditKit assembly.</summary>
    public static InteropProduct Default { get; } = new("AuditKit", "AuditKit", typeof(AuditEvent).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");
}
