using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuditKit.AspNetCore;

/// <summary>
/// The "Audit Log Retention" screen (<see cref="IAuditRetention"/>, docs/retention.md): policies (read; save with the admin
/// policy), legal holds (list; place and lift with the admin policy), storage figures and archives. 404 when the host did
/// not call <c>audit.AddRetention(...)</c>. Tenant scope comes from the principal, as for every endpoint; only a policies
/// save by a holder of <see cref="AuditApiOptions.StoreWideAdminPolicy"/> runs outside it (the policies are global).
/// </summary>
internal static class RetentionEndpoints
{
    public static void Map(RouteGroupBuilder group, string adminPolicy)
    {
        group.MapGet("/retention/policies", GetPoliciesAsync).WithName("AuditKit.GetRetentionPolicies")
            .WithSummary("The retention policies per category and their version.").Produces<RetentionPoliciesResponse>();
        group.MapPut("/retention/policies", SavePoliciesAsync).WithName("AuditKit.SaveRetentionPolicies")
            .WithSummary("Saves the retention policies over the version read; 409 when somebody saved them meanwhile.")
            .Accepts<RetentionPoliciesUpdate>("application/json").Produces<RetentionPoliciesResponse>()
            .ProducesProblem(StatusCodes.Status409Conflict).RequireAuthorization(adminPolicy);
        group.MapGet("/retention/holds", GetHoldsAsync).WithName("AuditKit.GetLegalHolds")
            .WithSummary("The legal holds in force.").Produces<IReadOnlyList<AuditLegalHoldEntry>>();
        group.MapPost("/retention/holds", PlaceHoldAsync).WithName("AuditKit.PlaceLegalHold")
            .WithSummary("Places a legal hold (audited).").Accepts<LegalHoldRequest>("application/json")
            .Produces<AuditLegalHoldEntry>(StatusCodes.Status201Created).RequireAuthorization(adminPolicy);
        group.MapDelete("/retention/holds/{id}", LiftHoldAsync).WithName("AuditKit.LiftLegalHold")
            .WithSummary("Lifts a legal hold (audited).").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(adminPolicy);
        group.MapGet("/retention/storage", GetStorageAsync).WithName("AuditKit.GetRetentionStorage")
            .WithSummary("Active size, archived size, capacity and usage.").Produces<AuditRetentionStorage>();
        group.MapGet("/retention/archives", ListArchivesAsync).WithName("AuditKit.ListArchives")
            .WithSummary("The archives' manifests.").Produces<IReadOnlyList<AuditArchiveManifest>>();
    }

    private static async Task<IResult> GetPoliciesAsync(HttpContext http, IAuditContextAccessor context, CancellationToken cancellationToken) =>
        Retention(http) is not { } retention ? NotEnabled() : Policies(await retention.GetPoliciesAsync(cancellationToken).ConfigureAwait(false), context);

    private static async Task<IResult> SavePoliciesAsync(HttpContext http, IOptions<AuditAspNetCoreOptions> options, IAuditContextAccessor context, CancellationToken cancellationToken)
    {
        if (Retention(http) is not { } retention)
        {
            return NotEnabled();
        }

        var (update, error) = await BodyAsync<RetentionPoliciesUpdate>(http, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        if (update?.Version is not { } version || version < 0)
        {
            return Invalid("version", "'version' is required: the version read (0 when the policies were never saved).");
        }

        if (update.Policies is not { } policies)
        {
            return Invalid("policies", "'policies' is required.");
        }

        try
        {
            // The scope begins here, not in an awaited helper: an ambient context set inside an async method ends with it.
            using var storeWide = await IsStoreWideAdminAsync(http, options.Value.Api, context).ConfigureAwait(false)
                ? context.BeginScope(context.Current! with { TenantId = null })
                : null;
            return Policies(await retention.SavePoliciesAsync(policies, version, cancellationToken).ConfigureAwait(false), context);
        }
        catch (ArgumentException bad)
        {
            return Invalid("policies", bad.Message);
        }
        catch (InvalidOperationException scoped)
        {
            return TypedResults.Problem(scoped.Message, statusCode: StatusCodes.Status403Forbidden);
        }
    }

    private static async Task<IResult> GetHoldsAsync(HttpContext http, CancellationToken cancellationToken) =>
        Retention(http) is not { } retention ? NotEnabled() : TypedResults.Json(await retention.GetHoldsAsync(cancellationToken).ConfigureAwait(false), AuditApiJson.Options);

    private static async Task<IResult> PlaceHoldAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (Retention(http) is not { } retention)
        {
            return NotEnabled();
        }

        var (request, error) = await BodyAsync<LegalHoldRequest>(http, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        if (request?.Hold is not { } hold)
        {
            return Invalid("hold", "'hold' is required: at least one of tenantId, actorId, entityType (+ recordId), from, to.");
        }

        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            return Invalid("reason", "'reason' is required.");
        }

        try
        {
            var entry = await retention.PlaceHoldAsync(hold, request.Reason, cancellationToken).ConfigureAwait(false);
            return TypedResults.Json(entry, AuditApiJson.Options, statusCode: StatusCodes.Status201Created);
        }
        catch (ArgumentException bad)
        {
            return Invalid("hold", bad.Message);
        }
    }

    private static async Task<IResult> LiftHoldAsync(HttpContext http, string id, CancellationToken cancellationToken)
    {
        if (Retention(http) is not { } retention)
        {
            return NotEnabled();
        }

        return await retention.LiftHoldAsync(id, cancellationToken).ConfigureAwait(false)
            ? TypedResults.NoContent()
            : TypedResults.Problem($"No legal hold '{id}'.", statusCode: StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> GetStorageAsync(HttpContext http, CancellationToken cancellationToken) =>
        Retention(http) is not { } retention ? NotEnabled() : TypedResults.Json(await retention.GetStorageAsync(cancellationToken).ConfigureAwait(false), AuditApiJson.Options);

    private static async Task<IResult> ListArchivesAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (Retention(http) is not { } retention)
        {
            return NotEnabled();
        }

        var manifests = new List<AuditArchiveManifest>();
        await foreach (var m in retention.ListArchivesAsync(cancellationToken).ConfigureAwait(false))
        {
            manifests.Add(m);
        }

        return TypedResults.Json(manifests, AuditApiJson.Options);
    }

    // The API's own JSON options (camelCase, enums as names), at most 64 KiB.
    private static async Task<(T? Body, IResult? Error)> BodyAsync<T>(HttpContext http, CancellationToken cancellationToken)
        where T : class => await ApiJsonBody.ReadAsync<T>(http, cancellationToken).ConfigureAwait(false);

    // Whether a caller inside a tenant's scope holds Api.StoreWideAdminPolicy: his save of store-wide settings then runs
    // outside that scope (same actor, client and request).
    private static async Task<bool> IsStoreWideAdminAsync(HttpContext http, AuditApiOptions api, IAuditContextAccessor context) =>
        api.StoreWideAdminPolicy is { } policy && context.Current is { TenantId: not null }
        && (await http.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(http.User, policy).ConfigureAwait(false)).Succeeded;

    private static IAuditRetention? Retention(HttpContext http) => http.RequestServices.GetService<IAuditRetention>();

    // The policies are global, but who saved them is another tenant's user when a store-wide administrator did: a caller
    // inside a tenant's scope is not told who.
    private static IResult Policies(AuditSettingsEntry<AuditRetentionPolicies> entry, IAuditContextAccessor context) =>
        TypedResults.Json(new RetentionPoliciesResponse(entry.Version, entry.UpdatedAt, context.Current?.TenantId is null ? entry.UpdatedBy : null, entry.Value), AuditApiJson.Options);

    private static ProblemHttpResult NotEnabled() =>
        TypedResults.Problem("Retention is not enabled: the host calls audit.AddRetention(...).", statusCode: StatusCodes.Status404NotFound);

    private static ValidationProblem Invalid(string field, string message) => ApiJsonBody.Invalid(field, message);
}

/// <summary>The retention policies and the version to save them back over.</summary>
/// <param name="Version">The stored version (0: never saved).</param>
/// <param name="UpdatedAt">When last saved.</param>
/// <param name="UpdatedBy">Who last saved them.</param>
/// <param name="Policies">The policies.</param>
internal sealed record RetentionPoliciesResponse(long Version, DateTimeOffset? UpdatedAt, string? UpdatedBy, AuditRetentionPolicies Policies);

/// <summary>The body of a policies save.</summary>
/// <param name="Version">The version read.</param>
/// <param name="Policies">The edited policies.</param>
internal sealed record RetentionPoliciesUpdate(long? Version, AuditRetentionPolicies? Policies);

/// <summary>The body of a hold placement.</summary>
/// <param name="Hold">What it covers.</param>
/// <param name="Reason">Why.</param>
internal sealed record LegalHoldRequest(AuditLegalHold? Hold, string? Reason);
