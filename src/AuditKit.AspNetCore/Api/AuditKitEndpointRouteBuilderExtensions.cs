using AuditKit.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuditKit;

/// <summary>Maps AuditKit's HTTP API.</summary>
public static class AuditKitEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the audit JSON API under <paramref name="prefix"/>: dashboard, log search and count, entry detail, record
    /// history and state, user activity, security events, system health and the event configuration (endpoint table in
    /// docs/aspnetcore.md). Every endpoint requires <see cref="AuditApiOptions.ReadPolicy"/> (anonymous callers get 401),
    /// saving settings also <see cref="AuditApiOptions.AdminPolicy"/> (403 without it); reads are scoped to the
    /// principal's tenant and audited. Requires <c>audit.AddAspNetCore()</c>.
    /// </summary>
    /// <param name="endpoints">The application's endpoint builder (<c>app</c>).</param>
    /// <param name="prefix">The route prefix, for example <c>/audit</c>.</param>
    /// <returns>The route group, to add the host's own filters, rate limits or metadata.</returns>
    public static RouteGroupBuilder MapAuditKit(this IEndpointRouteBuilder endpoints, string prefix = "/audit")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        var options = endpoints.ServiceProvider.GetService<IOptions<AuditAspNetCoreOptions>>()?.Value
            ?? throw new InvalidOperationException("MapAuditKit needs the ASP.NET Core services: call services.AddAuditKit(audit => audit.AddAspNetCore()).");

        var group = endpoints.MapGroup(prefix).WithTags("AuditKit").WithMetadata(AuditApiEndpoint.Instance);
        if (options.Api.ReadPolicy is { } read)
        {
            group.RequireAuthorization(read);
        }
        else
        {
            group.RequireAuthorization();
        }

        group.AddEndpointFilter<AuditApiScopeFilter>();
        group.ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        ActivityEndpoints.Map(group);
        LiveEndpoints.Map(group);
        if (options.Api.ServeUi)
        {
            AuditUi.Map(group);
        }

        InsightEndpoints.Map(group);
        LogEndpoints.Map(group);
        RecordEndpoints.Map(group);
        SettingsEndpoints.Map(group, options.Api.AdminPolicy);
        AlertEndpoints.Map(group, options.Api.AdminPolicy);
        RetentionEndpoints.Map(group, options.Api.AdminPolicy);
        ReportEndpoints.Map(group);
        ReportScheduleEndpoints.Map(group, options.Api.AdminPolicy);
        return group;
    }
}
