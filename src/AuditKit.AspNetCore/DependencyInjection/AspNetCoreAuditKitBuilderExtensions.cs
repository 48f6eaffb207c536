using AuditKit.AspNetCore;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AuditKit;

/// <summary>Adds AuditKit's ASP.NET Core integration to the AuditKit builder.</summary>
public static class AspNetCoreAuditKitBuilderExtensions
{
    /// <summary>
    /// Registers the request context capture (<c>app.UseAuditKit()</c>), the sign-in events (<see cref="AuditSignInEvents"/>),
    /// optional API request auditing and the services of the audit HTTP API (<c>app.MapAuditKit("/audit")</c>).
    /// Calling it again only applies more configuration.
    /// </summary>
    /// <param name="builder">The AuditKit builder.</param>
    /// <param name="configure">Claim types, tenant claim, API policies and request auditing.</param>
    /// <returns>The builder.</returns>
    public static IAuditKitBuilder AddAspNetCore(this IAuditKitBuilder builder, Action<AuditAspNetCoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<AuditAspNetCoreOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(o => o.UserIdClaimTypes.Count > 0, "AuditAspNetCoreOptions.UserIdClaimTypes must name at least one claim type.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.SessionIdClaimType), "AuditAspNetCoreOptions.SessionIdClaimType must not be empty.")
            .Validate(o => o.TenantClaimType is null || o.TenantClaimType.Length > 0, "AuditAspNetCoreOptions.TenantClaimType must be null or a claim type.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Api.AdminPolicy), "AuditAspNetCoreOptions.Api.AdminPolicy must name a policy.")
            .Validate(o => o.Api.StoreWideAdminPolicy is null || !string.IsNullOrWhiteSpace(o.Api.StoreWideAdminPolicy), "AuditAspNetCoreOptions.Api.StoreWideAdminPolicy must be null or name a policy.")
            .Validate(o => o.Api.MaxRecent is >= 1 and <= 1000, "AuditAspNetCoreOptions.Api.MaxRecent must be between 1 and 1000.")
            .Validate(o => o.Api.HeartbeatInterval >= TimeSpan.FromSeconds(1) && o.Api.HeartbeatInterval <= TimeSpan.FromHours(1) && o.Api.HeartbeatInterval.Ticks % TimeSpan.TicksPerSecond == 0,
                "AuditAspNetCoreOptions.Api.HeartbeatInterval must be whole seconds from one second to one hour.")
            .ValidateOnStart();

        if (services.Any(d => d.ServiceType == typeof(PrincipalReader)))
        {
            return builder;
        }

        services.AddHttpContextAccessor();
        services.TryAddSingleton<PrincipalReader>();
        services.TryAddSingleton(sp => new RequestContextFactory(
            sp.GetRequiredService<PrincipalReader>(), sp.GetRequiredService<IOptions<AuditAspNetCoreOptions>>(), sp.GetService<IGeoLocator>()));
        services.TryAddSingleton(sp => new AuditSignInEvents(
            sp.GetRequiredService<IAuditLog>(), sp.GetRequiredService<RequestContextFactory>(), sp.GetRequiredService<PrincipalReader>(), sp.GetRequiredService<IAuditContextAccessor>()));
        services.TryAddSingleton<ReadAuditor>();
        services.TryAddSingleton<AuditApiScopeFilter>();
        services.AddAuthorization();

        // The audit API answers 401/403 as problem details; other endpoints keep the host's handler (the default one
        // unless the host registers its own after this call).
        services.AddSingleton<IAuthorizationMiddlewareResultHandler>(_ => new AuditApiAuthorizationResultHandler(new AuthorizationMiddlewareResultHandler()));
        return builder;
    }

    /// <summary>
    /// Estimates each request's location from its IP address with a MaxMind city database (<c>.mmdb</c>, e.g. GeoLite2
    /// City) read once at start-up: "New York, NY (estimated)". Off unless called.
    /// </summary>
    /// <param name="builder">The AuditKit builder.</param>
    /// <param name="databasePath">The <c>.mmdb</c> file.</param>
    /// <returns>The builder.</returns>
    public static IAuditKitBuilder AddMaxMindGeoLocation(this IAuditKitBuilder builder, string databasePath)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        builder.Services.RemoveAll<IGeoLocator>();
        builder.Services.AddSingleton<IGeoLocator>(_ => new MaxMindGeoLocator(databasePath));
        return builder;
    }
}
