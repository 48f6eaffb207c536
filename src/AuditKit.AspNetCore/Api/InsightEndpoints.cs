using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace AuditKit.AspNetCore;

/// <summary>The dashboard, user activity, security events and system events screens (<see cref="IAuditInsights"/>).</summary>
internal static class InsightEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/dashboard", DashboardAsync).WithName("AuditKit.Dashboard")
            .WithSummary("Events today, this week and this month, storage, activity by type and recent high-priority events.").Produces<AuditDashboard>();
        group.MapGet("/users/{actorId}/activity", UserActivityAsync).WithName("AuditKit.UserActivity")
            .WithSummary("One user's activity summary, modules, sessions and recent events.").Produces<UserActivity>();
        group.MapGet("/security", SecurityAsync).WithName("AuditKit.SecurityEvents")
            .WithSummary("Security events by kind and risk, failed logins, locked accounts and recent events with status.").Produces<SecurityOverview>();
        group.MapGet("/system", SystemAsync).WithName("AuditKit.SystemHealth")
            .WithSummary("System health: uptime, jobs, average response, recent system events and errors.").Produces<SystemHealth>();
    }

    private static async Task<Results<JsonHttpResult<AuditDashboard>, ValidationProblem>> DashboardAsync(
        HttpContext http, [FromQuery(Name = "timeZone")] string? timeZone, [FromQuery(Name = "recent")] string? recent,
        IAuditInsights insights, ReadAuditor audit, IOptions<AuditAspNetCoreOptions> options, CancellationToken cancellationToken)
    {
        var read = new ApiRequestReader();
        var zone = read.Zone("timeZone", timeZone);
        var count = read.Int("recent", recent, 4, 1, options.Value.Api.MaxRecent);
        if (!read.IsValid)
        {
            return TypedResults.ValidationProblem(read.Errors);
        }

        var dashboard = await insights.GetDashboardAsync(new DashboardRequest
        {
            TimeZone = zone,
            RecentCount = count,
            StorageCapacityBytes = options.Value.Api.StorageCapacityBytes,
        }, cancellationToken).ConfigureAwait(false);
        audit.Record(http, "Dashboard", null, null);
        return TypedResults.Json(dashboard, AuditApiJson.Options);
    }

    private static async Task<Results<JsonHttpResult<UserActivity>, ValidationProblem>> UserActivityAsync(
        HttpContext http, string actorId, [FromQuery(Name = "from")] string? from, [FromQuery(Name = "to")] string? to, [FromQuery(Name = "recent")] string? recent,
        IAuditInsights insights, ReadAuditor audit, IOptions<AuditAspNetCoreOptions> options, CancellationToken cancellationToken)
    {
        var read = new ApiRequestReader();
        var actor = read.Identifier("actorId", actorId, required: true);
        var (start, end) = (read.Time("from", from), read.Time("to", to));
        read.Range(start, end);
        var count = read.Int("recent", recent, 10, 1, options.Value.Api.MaxRecent);
        if (!read.IsValid)
        {
            return TypedResults.ValidationProblem(read.Errors);
        }

        var activity = await insights.GetUserActivityAsync(new UserActivityRequest { ActorId = actor!, From = start, To = end, RecentCount = count }, cancellationToken).ConfigureAwait(false);
        audit.Record(http, "User activity", actor, activity.TotalActions);
        return TypedResults.Json(activity, AuditApiJson.Options);
    }

    private static async Task<Results<JsonHttpResult<SecurityOverview>, ValidationProblem>> SecurityAsync(
        HttpContext http, [FromQuery(Name = "from")] string? from, [FromQuery(Name = "to")] string? to, [FromQuery(Name = "recent")] string? recent,
        IAuditInsights insights, ReadAuditor audit, IOptions<AuditAspNetCoreOptions> options, CancellationToken cancellationToken)
    {
        var read = new ApiRequestReader();
        var (start, end) = (read.Time("from", from), read.Time("to", to));
        read.Range(start, end);
        var count = read.Int("recent", recent, 10, 1, options.Value.Api.MaxRecent);
        if (!read.IsValid)
        {
            return TypedResults.ValidationProblem(read.Errors);
        }

        var overview = await insights.GetSecurityOverviewAsync(new SecurityOverviewRequest { From = start, To = end, RecentCount = count }, cancellationToken).ConfigureAwait(false);
        audit.Record(http, "Security events", null, overview.Recent.Count);
        return TypedResults.Json(overview, AuditApiJson.Options);
    }

    private static async Task<Results<JsonHttpResult<SystemHealth>, ValidationProblem>> SystemAsync(
        HttpContext http, [FromQuery(Name = "from")] string? from, [FromQuery(Name = "to")] string? to, [FromQuery(Name = "recent")] string? recent,
        [FromQuery(Name = "heartbeatSeconds")] string? heartbeatSeconds,
        IAuditInsights insights, ReadAuditor audit, IOptions<AuditAspNetCoreOptions> options, CancellationToken cancellationToken)
    {
        var read = new ApiRequestReader();
        var (start, end) = (read.Time("from", from), read.Time("to", to));
        read.Range(start, end);
        var count = read.Int("recent", recent, 10, 1, options.Value.Api.MaxRecent);
        var heartbeat = read.Int("heartbeatSeconds", heartbeatSeconds, (int)options.Value.Api.HeartbeatInterval.TotalSeconds, 1, 3600);
        if (!read.IsValid)
        {
            return TypedResults.ValidationProblem(read.Errors);
        }

        var health = await insights.GetSystemHealthAsync(new SystemHealthRequest
        {
            From = start,
            To = end,
            RecentCount = count,
            HeartbeatInterval = TimeSpan.FromSeconds(heartbeat),
        }, cancellationToken).ConfigureAwait(false);
        audit.Record(http, "System events", null, health.Recent.Count);
        return TypedResults.Json(health, AuditApiJson.Options);
    }
}
