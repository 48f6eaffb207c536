using AuditKit.Reports;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AuditKit.AspNetCore;

/// <summary>
/// The reports screen's "Scheduled Reports" and "Schedule Report" (<see cref="IAuditReportSchedules"/>, docs/reports.md):
/// read the schedules with their next and last runs (read policy, audited), save them (admin policy) over the version
/// read, validated, recorded as SettingsChanged by the caller. Tenant scope from the principal, as for every endpoint:
/// a caller with a tenant reads and replaces that tenant's schedules only. 404 when the host did not call
/// <c>audit.AddReports()</c>.
/// </summary>
internal static class ReportScheduleEndpoints
{
    public static void Map(RouteGroupBuilder group, string adminPolicy)
    {
        group.MapGet("/reports/schedules", GetAsync).WithName("AuditKit.GetReportSchedules")
            .WithSummary("The report schedules in the caller's scope with their next and last runs, the channels they can use and whether the caller may save them.")
            .Produces<ReportSchedulesResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/reports/schedules", SaveAsync).WithName("AuditKit.SaveReportSchedules")
            .WithSummary("Replaces the report schedules in the caller's scope over the version read (validated; audited as SettingsChanged); 409 when somebody saved them meanwhile.")
            .Accepts<ReportSchedulesUpdate>("application/json").Produces<ReportSchedulesResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(adminPolicy);
    }

    private static async Task<IResult> GetAsync(HttpContext http, ReadAuditor audit, CancellationToken cancellationToken)
    {
        if (Schedules(http) is not { } schedules)
        {
            return NotEnabled();
        }

        var list = await schedules.GetAsync(cancellationToken).ConfigureAwait(false);
        audit.Record(http, "Report schedules", null, list.Schedules.Count);
        return Response(list, await CanEditAsync(http).ConfigureAwait(false));
    }

    private static async Task<IResult> SaveAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (Schedules(http) is not { } schedules)
        {
            return NotEnabled();
        }

        var (update, problem) = await ApiJsonBody.ReadAsync<ReportSchedulesUpdate>(http, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (update!.Version is not { } version || version < 0)
        {
            return ApiJsonBody.Invalid("version", "'version' is required: the version read (0 when the schedules were never saved).");
        }

        if (update.Schedules is not { } list)
        {
            return ApiJsonBody.Invalid("schedules", "'schedules' is required (an empty list removes every schedule in your scope).");
        }

        try
        {
            return Response(await schedules.SaveAsync(list.ConvertAll(s => s!), version, cancellationToken).ConfigureAwait(false), canEdit: true);
        }
        catch (ArgumentException bad) when (bad.ParamName is { Length: > 0 } field)
        {
            // The message without ArgumentException's " (Parameter '…')" suffix: the field is the error's key.
            var message = bad.Message.EndsWith($" (Parameter '{field}')", StringComparison.Ordinal) ? bad.Message[..^$" (Parameter '{field}')".Length] : bad.Message;
            return ApiJsonBody.Invalid(field, message);
        }
    }

    private static async Task<bool> CanEditAsync(HttpContext http)
    {
        var policy = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuditAspNetCoreOptions>>().Value.Api.AdminPolicy;
        return (await http.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(http.User, policy).ConfigureAwait(false)).Succeeded;
    }

    private static JsonHttpResult<ReportSchedulesResponse> Response(ReportScheduleList list, bool canEdit) =>
        TypedResults.Json(new ReportSchedulesResponse(list.Version, list.UpdatedAt, list.UpdatedBy, canEdit, list.Channels, list.Schedules), AuditApiJson.Options);

    private static IAuditReportSchedules? Schedules(HttpContext http) => http.RequestServices.GetService<IAuditReportSchedules>();

    private static ProblemHttpResult NotEnabled() =>
        TypedResults.Problem(detail: "Reports are not enabled: call audit.AddReports().", statusCode: StatusCodes.Status404NotFound, title: "Reports not enabled");
}

/// <summary>The report schedules in the caller's scope.</summary>
/// <param name="Version">The version to save over (0: never saved).</param>
/// <param name="UpdatedAt">When last saved.</param>
/// <param name="UpdatedBy">Who last saved them; null for a caller with a tenant (it may be another tenant's user).</param>
/// <param name="CanEdit">Whether the caller holds the admin policy (the screen's "Schedule Report" form).</param>
/// <param name="Channels">The notification channels a schedule can send through.</param>
/// <param name="Schedules">Each schedule with its next run (UTC) and last run.</param>
internal sealed record ReportSchedulesResponse(long Version, DateTimeOffset? UpdatedAt, string? UpdatedBy, bool CanEdit, IReadOnlyList<string> Channels, IReadOnlyList<ReportScheduleState> Schedules);

/// <summary>The body of a schedules save.</summary>
/// <param name="Version">The version read.</param>
/// <param name="Schedules">Every schedule of the caller's scope, as it should be.</param>
internal sealed record ReportSchedulesUpdate(long? Version, List<ReportSchedule?>? Schedules);
