using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace AuditKit.AspNetCore;

/// <summary>The "Audit Event Configuration" screen: read it (readers) and save it (administrators) with optimistic concurrency.</summary>
internal static class SettingsEndpoints
{
    private const int MaxViewLoggingEntries = 1_000;

    public static void Map(RouteGroupBuilder group, string adminPolicy)
    {
        group.MapGet("/settings/events", GetAsync).WithName("AuditKit.GetEventConfiguration")
            .WithSummary("The event configuration (which events are logged) and its version.").Produces<EventConfigurationResponse>();
        group.MapPut("/settings/events", SaveAsync).WithName("AuditKit.SaveEventConfiguration")
            .WithSummary("Saves the event configuration over the version read; 409 when somebody saved it meanwhile.")
            .Accepts<EventConfigurationUpdate>("application/json")
            .Produces<EventConfigurationResponse>()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(adminPolicy);
    }

    private static async Task<JsonHttpResult<EventConfigurationResponse>> GetAsync(HttpContext http, IAuditSettings settings, ReadAuditor audit, CancellationToken cancellationToken)
    {
        var entry = await settings.GetAsync<AuditEventPolicy>(AuditEventPolicy.DocumentName, cancellationToken).ConfigureAwait(false);
        audit.Record(http, "Event configuration", null, null);
        return TypedResults.Json(new EventConfigurationResponse(entry.Version, entry.UpdatedAt, entry.UpdatedBy, entry.Value), AuditApiJson.Options);
    }

    private static async Task<Results<JsonHttpResult<EventConfigurationResponse>, ValidationProblem>> SaveAsync(HttpContext http, IAuditSettings settings, CancellationToken cancellationToken)
    {
        var (update, problem) = await ApiJsonBody.ReadAsync<EventConfigurationUpdate>(http, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (update!.Version is not { } version || version < 0)
        {
            return Invalid("version", "'version' is required: the version read (0 when the configuration was never saved).");
        }

        if (update.Policy is not { } policy)
        {
            return Invalid("policy", "'policy' is required.");
        }

        if (policy.ViewLogging is null)
        {
            policy.ViewLogging = [];
        }

        if (policy.ViewLogging.Count > MaxViewLoggingEntries)
        {
            return Invalid("policy.viewLogging", $"'policy.viewLogging' has {policy.ViewLogging.Count} entries; at most {MaxViewLoggingEntries} are allowed.");
        }

        foreach (var entity in policy.ViewLogging.Keys)
        {
            if (entity.Length is 0 or > ApiRequestReader.MaxIdentifier)
            {
                return Invalid("policy.viewLogging", $"Entity names in 'policy.viewLogging' have 1 to {ApiRequestReader.MaxIdentifier} characters.");
            }
        }

        var saved = await settings.SaveAsync(AuditEventPolicy.DocumentName, policy, version, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(new EventConfigurationResponse(saved.Version, saved.UpdatedAt, saved.UpdatedBy, saved.Value), AuditApiJson.Options);
    }

    private static ValidationProblem Invalid(string field, string message) => ApiJsonBody.Invalid(field, message);
}
