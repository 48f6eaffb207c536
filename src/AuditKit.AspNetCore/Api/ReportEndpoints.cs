using AuditKit.Reports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace AuditKit.AspNetCore;

/// <summary>
/// The "Audit Compliance Reports" screen, the log viewer's "Export Results" and the entry detail's "Export Entry"
/// (<see cref="IAuditReports"/>, docs/reports.md): each streams a CSV, JSON Lines or PDF download, written as the rows
/// are read. Read policy; the tenant scope is the principal's (a <c>tenant</c>/<c>tenantId</c> parameter is ignored, as
/// everywhere in the API). The implementation records <c>ReportGenerated</c> or <c>Export</c> with the caller as actor.
/// 404 when the host did not call <c>audit.AddReports()</c>.
/// </summary>
internal static class ReportEndpoints
{
    private const string Formats = "csv, jsonl or pdf";

    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/reports", GetCatalog).WithName("AuditKit.GetReports")
            .WithSummary("The six compliance reports with their parameters and formats.").Produces<ReportCatalogResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/reports/{kind}", GenerateAsync).WithName("AuditKit.GenerateReport")
            .WithSummary("Generates a compliance report as a download (audited as ReportGenerated).")
            .Produces(StatusCodes.Status200OK, typeof(Stream), "text/csv", "application/jsonl", "application/pdf", "application/zip")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/events/export", ExportResultsAsync).WithName("AuditKit.ExportEvents")
            .WithSummary("Export Results: every event the log viewer's filters match, as a download (audited as Export).")
            .Produces(StatusCodes.Status200OK, typeof(Stream), "text/csv", "application/jsonl", "application/pdf", "application/zip")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/events/{id}/export", ExportEntryAsync).WithName("AuditKit.ExportEvent")
            .WithSummary("Export Entry: one entry with its changes, related events and previous change, as a download (audited as Export).")
            .Produces(StatusCodes.Status200OK, typeof(Stream), "text/csv", "application/jsonl", "application/pdf", "application/zip")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static IResult GetCatalog(HttpContext http) =>
        Reports(http) is null ? NotEnabled() : TypedResults.Json(ReportCatalog.Response, AuditApiJson.Options);

    private static async Task<IResult> GenerateAsync(
        HttpContext http, string kind, [AsParameters] ReportParameters parameters, CancellationToken cancellationToken)
    {
        if (Reports(http) is not { } reports)
        {
            return NotEnabled();
        }

        var read = new ApiRequestReader();
        var request = parameters.ToRequest(kind, read);
        var format = Format(read, parameters.Format);
        if (request is null || format is null)
        {
            return TypedResults.ValidationProblem(read.Errors);
        }

        // The caller's tenant (from the principal, through the scope filter's context) names the report's tenant; the
        // reader would scope the rows to it anyway.
        request = request with { TenantId = CallerTenant(http) };
        var name = $"{ReportCatalog.Slug(request.Kind)}-{Day(request.From)}-to-{Day(request.To)}";
        return await StreamAsync(http, format.Value, name, output => reports.GenerateAsync(request, format.Value, output, cancellationToken)).ConfigureAwait(false);
    }

    private static async Task<IResult> ExportResultsAsync(
        HttpContext http, [AsParameters] LogSearchParameters parameters, [FromQuery(Name = "format")] string? format, CancellationToken cancellationToken)
    {
        if (Reports(http) is not { } reports)
        {
            return NotEnabled();
        }

        var read = new ApiRequestReader();
        var query = parameters.ToQuery(read);
        var chosen = Format(read, format);
        if (query is null || chosen is null)
        {
            return TypedResults.ValidationProblem(read.Errors);
        }

        query = query with { TenantId = CallerTenant(http) };
        var name = $"audit-log-export-{Day(TimeProvider(http).GetUtcNow())}";
        return await StreamAsync(http, chosen.Value, name, output => reports.ExportQueryAsync(query, chosen.Value, output, cancellationToken)).ConfigureAwait(false);
    }

    private static async Task<IResult> ExportEntryAsync(
        HttpContext http, string id, [FromQuery(Name = "format")] string? format, IAuditReader reader, CancellationToken cancellationToken)
    {
        if (Reports(http) is not { } reports)
        {
            return NotEnabled();
        }

        var read = new ApiRequestReader();
        var chosen = Format(read, format);
        if (id.Length > 64)
        {
            read.Fail("id", "'id' is an event id (a GUID) or a display id such as LOG-2026-8456789.");
        }

        if (chosen is null || !read.IsValid)
        {
            return TypedResults.ValidationProblem(read.Errors);
        }

        // The reader is scoped to the caller's tenant: another tenant's entry is not found, as on the detail endpoint.
        var entry = Guid.TryParse(id, out var guid)
            ? await reader.GetAsync(guid, cancellationToken).ConfigureAwait(false)
            : await reader.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            return LogEndpoints.NotFound("No event with this id is visible to you.");
        }

        var name = $"audit-entry-{ReportCatalog.FileSafe(entry.DisplayId)}";
        return await StreamAsync(http, chosen.Value, name, output => reports.ExportEntryAsync(entry.Id, chosen.Value, output, cancellationToken)).ConfigureAwait(false);
    }

    // Written here, inside the scope filter's audit context (the reader's tenant scope and the recorded event's actor);
    // an IResult would run after the filter has left that scope. Headers are set only once the parameters are valid.
    private static async Task<IResult> StreamAsync(HttpContext http, AuditReportFormat format, string fileName, Func<Stream, Task<AuditReportResult>> write)
    {
        var response = http.Response;
        var (contentType, extension) = format switch
        {
            AuditReportFormat.Csv => ("text/csv; charset=utf-8", "csv"),
            AuditReportFormat.JsonLines => ("application/jsonl; charset=utf-8", "jsonl"),
            _ => ("application/pdf", "pdf"),
        };
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = $"{fileName}.{extension}" }.ToString();
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        try
        {
            if (format == AuditReportFormat.Pdf)
            {
                // PDFsharp saves with synchronous writes, which Kestrel refuses on the response body: the finished PDF
                // goes through a temporary file (deleted on close), so memory stays what PDFsharp itself holds.
                var temp = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
                await using (temp.ConfigureAwait(false))
                {
                    var result = await write(temp).ConfigureAwait(false);
                    if (result.Volumes > 1)
                    {
                        // More rows than one PDF holds (ReportOptions.MaxPdfRows): a ZIP of PDF volumes, named as such.
                        response.ContentType = "application/zip";
                        response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = $"{fileName}.zip" }.ToString();
                    }

                    response.ContentLength = temp.Length;
                    temp.Position = 0;
                    await temp.CopyToAsync(response.Body, http.RequestAborted).ConfigureAwait(false);
                }
            }
            else
            {
                await write(response.Body).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (!response.HasStarted && e is ArgumentException or KeyNotFoundException)
        {
            response.Headers.ContentDisposition = default;
            response.ContentType = null;
            return e is KeyNotFoundException
                ? LogEndpoints.NotFound("No event with this id is visible to you.")
                : ApiJsonBody.Invalid(FieldOf((e as ArgumentException)?.ParamName), e.Message);
        }

        return TypedResults.Empty;
    }

    private static AuditReportFormat? Format(ApiRequestReader read, string? value)
    {
        switch (value?.ToLowerInvariant())
        {
            case null or "" or "csv":
                return AuditReportFormat.Csv;
            case "jsonl" or "jsonlines":
                return AuditReportFormat.JsonLines;
            case "pdf":
                return AuditReportFormat.Pdf;
            default:
                read.Fail("format", $"'format' must be {Formats}.");
                return null;
        }
    }

    private static string FieldOf(string? parameter) => parameter switch
    {
        "Kind" => "kind",
        "From" => "from",
        "To" => "to",
        "Users" => "user",
        "IncludeSuccessful" => "includeSuccessful",
        "IncludeFailed" => "includeFailed",
        "Text" => "q",
        "Cursor" => "cursor",
        null or "" => "request",
        _ => char.ToLowerInvariant(parameter[0]) + parameter[1..],
    };

    private static string Day(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static TimeProvider TimeProvider(HttpContext http) => http.RequestServices.GetService<TimeProvider>() ?? System.TimeProvider.System;

    private static string? CallerTenant(HttpContext http) => http.RequestServices.GetRequiredService<IAuditContextAccessor>().Current?.TenantId;

    private static IAuditReports? Reports(HttpContext http) => http.RequestServices.GetService<IAuditReports>();

    private static ProblemHttpResult NotEnabled() =>
        TypedResults.Problem(detail: "Reports are not enabled: call audit.AddReports().", statusCode: StatusCodes.Status404NotFound, title: "Reports not enabled");
}
