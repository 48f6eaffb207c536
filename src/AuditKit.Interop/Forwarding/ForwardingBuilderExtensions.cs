using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;

namespace AuditKit.Interop;

/// <summary>Registers forwarding of the committed log to SIEMs; see docs/interop.md.</summary>
public static class ForwardingBuilderExtensions
{
    /// <summary>The subscription name of <see cref="AddSyslogForwarding"/>.</summary>
    public const string SyslogName = "forward.syslog";

    /// <summary>The subscription name of <see cref="AddHttpForwarding"/>.</summary>
    public const string HttpName = "forward.http";

    /// <summary>
    /// Forwards every committed event to a syslog collector (RFC 5424 messages; TLS with RFC 5425 framing by default, or TCP or
    /// UDP) as the committed-log subscription <c>forward.syslog</c>: per-stream positions in the store, resumable, one instance
    /// at a time, never on the write path.
    /// </summary>
    /// <param name="builder">The AuditKit builder.</param>
    /// <param name="configure">Sets <see cref="SyslogForwardingOptions"/> (<see cref="SyslogForwardingOptions.Host"/> is required).</param>
    /// <param name="subscription">Sets the subscription's batch size, poll interval, lease and retry delays.</param>
    /// <returns>The builder.</returns>
    public static IAuditKitBuilder AddSyslogForwarding(this IAuditKitBuilder builder, Action<SyslogForwardingOptions> configure, Action<AuditSubscriptionOptions>? subscription = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<SyslogForwardingOptions>()
            .Configure(configure)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Host), "SyslogForwardingOptions.Host is required.")
            .Validate(o => o.Port is >= 1 and <= 65535, "SyslogForwardingOptions.Port must be between 1 and 65535.")
            .Validate(o => o.Facility is >= 0 and <= 23, "SyslogForwardingOptions.Facility must be between 0 and 23.")
            .Validate(o => o.MaxUdpMessageBytes is >= 480 and <= 65_000, "SyslogForwardingOptions.MaxUdpMessageBytes must be between 480 and 65,000.")
            .Validate(o => o.Product is not null, "SyslogForwardingOptions.Product is required.")
            .Validate(o => IsSdName(o.StructuredDataId), "SyslogForwardingOptions.StructuredDataId must be 1-32 printable ASCII characters without '=', ']', '\"' or space.")
            .ValidateOnStart();
        return builder.AddForwarding<SyslogForwarder>(SyslogName, subscription);
    }

    /// <summary>
    /// Forwards every committed event to an HTTP endpoint as JSON Lines of OCSF events (one POST per batch, retried by the
    /// standard resilience handler of Microsoft.Extensions.Http.Resilience) as the committed-log subscription <c>forward.http</c>.
    /// </summary>
    /// <param name="builder">The AuditKit builder.</param>
    /// <param name="configure">Sets <see cref="HttpForwardingOptions"/> (<see cref="HttpForwardingOptions.Endpoint"/> is required).</param>
    /// <param name="subscription">Sets the subscription's batch size, poll interval, lease and retry delays.</param>
    /// <param name="resilience">Adjusts the standard resilience handler (retry count, timeouts); null keeps its defaults.</param>
    /// <returns>The builder.</returns>
    public static IAuditKitBuilder AddHttpForwarding(this IAuditKitBuilder builder, Action<HttpForwardingOptions> configure, Action<AuditSubscriptionOptions>? subscription = null, Action<HttpStandardResilienceOptions>? resilience = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<HttpForwardingOptions>()
            .Configure(configure)
            .Validate(o => o.Endpoint is { IsAbsoluteUri: true } u && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps), "HttpForwardingOptions.Endpoint must be an absolute http or https URL.")
            .Validate(o => o.Product is not null, "HttpForwardingOptions.Product is required.")
            .ValidateOnStart();
        var handler = builder.Services.AddHttpClient(HttpForwarder.ClientName).AddStandardResilienceHandler();
        if (resilience is not null)
        {
            handler.Configure(resilience);
        }

        return builder.AddForwarding<HttpForwarder>(HttpName, subscription);
    }

    /// <summary>
    /// Registers a forwarding of your own: <typeparamref name="TSubscriber"/> as the committed-log subscription
    /// <paramref name="name"/> (see <see cref="AuditSubscriptionBuilderExtensions.AddSubscription{THandler}"/>), also reachable
    /// by <see cref="IAuditForwardingBackfill"/>.
    /// </summary>
    /// <typeparam name="TSubscriber">The sink.</typeparam>
    /// <param name="builder">The AuditKit builder.</param>
    /// <param name="name">The subscription's name.</param>
    /// <param name="subscription">Sets the subscription's options.</param>
    /// <returns>The builder.</returns>
    public static IAuditKitBuilder AddForwarding<TSubscriber>(this IAuditKitBuilder builder, string name, Action<AuditSubscriptionOptions>? subscription = null)
        where TSubscriber : class, IAuditSubscriber
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddSubscription<TSubscriber>(name, subscription);
        builder.Services.AddSingleton(new ForwardingRegistration(name, typeof(TSubscriber)));
        builder.Services.TryAddSingleton<IAuditForwardingBackfill, AuditForwardingBackfill>();
        return builder;
    }

    private static bool IsSdName(string? value) =>
        value is { Length: >= 1 and <= 32 } && value.All(c => c is >= '!' and <= '~' and not ('=' or ']' or '"'));
}
