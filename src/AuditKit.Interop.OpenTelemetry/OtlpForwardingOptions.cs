using OpenTelemetry.Exporter;

namespace AuditKit.Interop;

/// <summary>Options of <see cref="OtlpForwardingBuilderExtensions.AddOtlpForwarding"/>.</summary>
public sealed class OtlpForwardingOptions
{
    /// <summary>
    /// The collector's OTLP endpoint. With <see cref="OtlpExportProtocol.HttpProtobuf"/> (the default) the full URL of the
    /// logs path, e.g. <c>http://collector:4318/v1/logs</c>; with gRPC the collector's address (<c>http://collector:4317</c>). Required.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>HTTP/protobuf (default) or gRPC.</summary>
    public OtlpExportProtocol Protocol { get; set; } = OtlpExportProtocol.HttpProtobuf;

    /// <summary>Headers sent with each export, as OTLP's <c>key1=value1,key2=value2</c>.</summary>
    public string? Headers { get; set; }

    /// <summary>How long one export may take. Default 10 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The resource's <c>service.name</c>. Default "auditkit".</summary>
    public string ServiceName { get; set; } = "auditkit";
}
