using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AuditKit.AspNetCore;

/// <summary>
/// The "Audit Alert Rules" screen: rules (read by readers; created, changed and deleted by administrators with optimistic
/// concurrency), the six templates, backtests, and the tenant-scoped inbox with acknowledge and resolve (administrators).
/// Needs <c>audit.AddAlerts()</c>; without it every call answers 404.
/// </summary>
internal static class AlertEndpoints
{

    public static void Map(RouteGroupBuilder group, string adminPolicy)
    {
        group.MapGet("/alerts/rules", GetRulesAsync).WithName("AuditKit.GetAlertRules").WithSummary("Every alert rule with its revision.");
        group.MapGet("/alerts/rules/{id}", GetRuleAsync).WithName("AuditKit.GetAlertRule").WithSummary("One alert rule.");
        group.MapGet("/alerts/templates", GetTemplates).WithName("AuditKit.GetAlertTemplates").WithSummary("The product page's six rules, ready to save.");
        group.MapPut("/alerts/rules/{id}", SaveRuleAsync).WithName("AuditKit.SaveAlertRule")
            .WithSummary("Creates (revision 0) or changes a rule over the revision read; 409 when it changed meanwhile.")
            .Accepts<RuleUpdate>("application/json").ProducesProblem(StatusCodes.Status409Conflict).RequireAuthorization(adminPolicy);
        group.MapDelete("/alerts/rules/{id}", DeleteRuleAsync).WithName("AuditKit.DeleteAlertRule")
            .WithSummary("Deletes a rule at the revision read (?revision=).").ProducesProblem(StatusCodes.Status409Conflict).RequireAuthorization(adminPolicy);
        group.MapPost("/alerts/backtest", BacktestAsync).WithName("AuditKit.BacktestAlertRule")
            .WithSummary("What a rule would have raised over a past period; nothing is recorded or sent.").Accepts<BacktestRequest>("application/json");
        group.MapGet("/alerts", GetInboxAsync).WithName("AuditKit.GetAlertInbox").WithSummary("The alert inbox, newest first (?status=&ruleId=&pageSize=&cursor=).");
        group.MapGet("/alerts/{alertId:guid}", GetAlertAsync).WithName("AuditKit.GetAlert").WithSummary("One alert of the inbox.");
        group.MapPost("/alerts/{alertId:guid}/acknowledge", AcknowledgeAsync).WithName("AuditKit.AcknowledgeAlert")
            .WithSummary("Acknowledges an active alert.").RequireAuthorization(adminPolicy);
        group.MapPost("/alerts/{alertId:guid}/resolve", ResolveAsync).WithName("AuditKit.ResolveAlert")
            .WithSummary("Resolves an alert.").RequireAuthorization(adminPolicy);
    }

    private static async Task<IResult> GetRulesAsync(HttpContext http, CancellationToken cancellationToken) =>
        Alerts(http) is { } alerts ? Json((await alerts.GetRulesAsync(cancellationToken).ConfigureAwait(false)).Select(Rule)) : NotEnabled();

    private static async Task<IResult> GetRuleAsync(HttpContext http, string id, CancellationToken cancellationToken)
    {
        if (Alerts(http) is not { } alerts)
        {
            return NotEnabled();
        }

        return await alerts.GetRuleAsync(id, cancellationToken).ConfigureAwait(false) is { } entry ? Json(Rule(entry)) : TypedResults.NotFound();
    }

    private static IResult GetTemplates() => Json(AlertRuleTemplates.All().Select(t => Rule(new AlertRuleEntry(t.Key, t.Value))));

    private static async Task<IResult> SaveRuleAsync(HttpContext http, string id, CancellationToken cancellationToken)
    {
        if (Alerts(http) is not { } alerts)
        {
            return NotEnabled();
        }

        var (update, problem) = await ReadAsync<RuleUpdate>(http, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (update!.Revision is not { } revision || revision < 0)
        {
            return Invalid("revision", "'revision' is required: the revision read (0 to create the rule).");
        }

        if (update.Rule is not { } rule)
        {
            return Invalid("rule", "'rule' is required.");
        }

        return Json(Rule(await alerts.SaveRuleAsync(id, rule, revision, cancellationToken).ConfigureAwait(false)));
    }

    private static async Task<IResult> DeleteRuleAsync(HttpContext http, string id, long? revision, CancellationToken cancellationToken)
    {
        if (Alerts(http) is not { } alerts)
        {
            return NotEnabled();
        }

        if (revision is not { } expected || expected < 1)
        {
            return Invalid("revision", "'revision' is required: the revision read.");
        }

        return await alerts.DeleteRuleAsync(id, expected, cancellationToken).ConfigureAwait(false) ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    private static async Task<IResult> BacktestAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (Alerts(http) is not { } alerts)
        {
            return NotEnabled();
        }

        var (request, problem) = await ReadAsync<BacktestRequest>(http, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (request!.Rule is not { } rule || request.From is not { } from || request.To is not { } to)
        {
            return Invalid("rule", "'rule', 'from' and 'to' are required.");
        }

        return Json(await alerts.BacktestAsync(rule, from, to, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<IResult> GetInboxAsync(HttpContext http, AlertStatus? status, string? ruleId, int? pageSize, string? cursor, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        if (Alerts(http) is not { } alerts)
        {
            return NotEnabled();
        }

        if (pageSize is < 1 or > 200)
        {
            return Invalid("pageSize", "'pageSize' must be between 1 and 200.");
        }

        var page = await alerts.GetInboxAsync(new AlertInboxQuery { Status = status, RuleId = ruleId, PageSize = pageSize ?? 50, Cursor = cursor, From = from, To = to }, cancellationToken).ConfigureAwait(false);
        return Json(new { items = page.Alerts, nextCursor = page.NextCursor });
    }

    private static async Task<IResult> GetAlertAsync(HttpContext http, Guid alertId, CancellationToken cancellationToken)
    {
        if (Alerts(http) is not { } alerts)
        {
            return NotEnabled();
        }

        return await alerts.GetAlertAsync(alertId, cancellationToken).ConfigureAwait(false) is { } entry ? Json(entry) : TypedResults.NotFound();
    }

    private static Task<IResult> AcknowledgeAsync(HttpContext http, Guid alertId, CancellationToken cancellationToken) =>
        ChangeAsync(http, alertId, (alerts, note) => alerts.AcknowledgeAsync(alertId, note, cancellationToken), cancellationToken);

    private static Task<IResult> ResolveAsync(HttpContext http, Guid alertId, CancellationToken cancellationToken) =>
        ChangeAsync(http, alertId, (alerts, note) => alerts.ResolveAsync(alertId, note, cancellationToken), cancellationToken);

    private static async Task<IResult> ChangeAsync(HttpContext http, Guid alertId, Func<IAuditAlerts, string?, Task<AlertInboxEntry?>> change, CancellationToken cancellationToken)
    {
        if (Alerts(http) is not { } alerts)
        {
            return NotEnabled();
        }

        string? note = null;
        if (http.Request.ContentLength is > 0)
        {
            var (body, problem) = await ReadAsync<StatusChange>(http, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            note = body?.Note;
            if (note is { Length: > 2_000 })
            {
                return Invalid("note", "'note' has at most 2,000 characters.");
            }
        }

        try
        {
            return await change(alerts, note).ConfigureAwait(false) is { } entry ? Json(entry) : TypedResults.NotFound();
        }
        catch (InvalidOperationException wrongState)
        {
            return TypedResults.Problem(detail: wrongState.Message, statusCode: StatusCodes.Status409Conflict, title: $"Alert {alertId:D} is resolved");
        }
    }

    private static IAuditAlerts? Alerts(HttpContext http) => http.RequestServices.GetService<IAuditAlerts>();

    private static IResult NotEnabled() =>
        TypedResults.Problem(detail: "Alerts are not enabled: call audit.AddAlerts().", statusCode: StatusCodes.Status404NotFound, title: "Alerts not enabled");

    private static object Rule(AlertRuleEntry entry) => new { id = entry.Id, revision = entry.Rule.Revision, rule = entry.Rule };

    private static JsonHttpResult<T> Json<T>(T value) => TypedResults.Json(value, AuditApiJson.Options);

    private static ValidationProblem Invalid(string field, string message) => ApiJsonBody.Invalid(field, message);

    private static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpContext http, CancellationToken cancellationToken)
        where T : class => await ApiJsonBody.ReadAsync<T>(http, cancellationToken).ConfigureAwait(false);

    /// <summary>PUT /alerts/rules/{id}: the rule and the revision it was read at.</summary>
    internal sealed record RuleUpdate(long? Revision, AlertRule? Rule);

    /// <summary>POST /alerts/backtest.</summary>
    internal sealed record BacktestRequest(AlertRule? Rule, DateTimeOffset? From, DateTimeOffset? To);

    /// <summary>POST /alerts/{id}/acknowledge or /resolve: an optional note.</summary>
    internal sealed record StatusChange(string? Note);
}
