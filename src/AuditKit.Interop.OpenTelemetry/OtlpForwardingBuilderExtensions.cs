using Microsoft.Extensions.DependencyInjection;

namespace AuditKit.Interop;

/// <summary>Registers forwarding of the committed log to an OpenTelemetry collector over OTLP.</summary>
public static class OtlpForwardingBuilderExtensions
{
    /// <summary>The subscription name of <see cref="AddOtlpForwarding"/>.</summary>
    public const string OtlpName = "forward.otlp";

    /// <summary>
    /// Forwards every committed event as an OpenTelemetry log record (see <see cref="OpenTelemetryLogMapping"/>) through the
    /// OpenTelemetry SDK's OTLP exporter, as the committed-log subscription <c>forward.otlp</c>: per-stream positions in the
    /// store, resumable, one instance at a time, never on the write path; reachable by <see cref="IAuditForwardingBackfill"/>.
    /// </summary>
    /// <param name="builder">The AuditKit builder.</param>
    /// <param name="configure">Sets <see cref="OtlpForwardingOptions"/> (<see cref="OtlpForwardingOptions.Endpoint"/> is required).</param>
    /// <param name="subscription">Sets the subscription's batch size, poll interval, lease and retry delays.</param>
    /// <returns>The builder.</returns>
    public static IAuditKitBuilder AddOtlpForwarding(this IAuditKitBuilder builder, Action<OtlpForwardingOptions> configure, Action<AuditSubscriptionOptions>? subscription = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<OtlpForwardingOptions>()
            .Configure(configure)
            .Validate(o => o.Endpoint is { IsAbsoluteUri: true }, "OtlpForwardingOptions.Endpoint must be an absolute URL.")
            .Validate(o => o.Timeout > TimeSpan.Zero && o.Timeout <= TimeSpan.FromMinutes(10), "OtlpForwardingOptions.Timeout must be positive and at most 10 minutes.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ServiceName), "OtlpForwardingOptions.ServiceName is required.")
            .ValidateOnStart();
        return builder.AddForwarding<OtlpForwarder>(OtlpName, subscription);
    }
}
