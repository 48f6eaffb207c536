using System.Globalization;
using AuditKit.Samples.Erp.Data;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace AuditKit.Samples.Erp.Web;

/// <summary>
/// The list, new and edit pages of one kind of record (<c>/customers</c>, <c>/customers/new</c>,
/// <c>/customers/{id}/edit</c>). Reads and saves go through the tenant-filtered <see cref="ErpDbContext"/>, so AuditKit's
/// interceptors record every change with its field values; forms carry an antiforgery token.
/// </summary>
internal sealed class RecordPages<T>(
    string path,
    string title,
    string singular,
    string idPrefix,
    Func<ErpDbContext, DbSet<T>> set,
    IReadOnlyList<RecordField<T>> fields,
    Func<ErpDbContext, T, bool, IServiceProvider, Task>? beforeSave = null)
    where T : class, IErpRecord, new()
{
    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(path, ListAsync).RequireAuthorization();
        app.MapGet(path + "/new", NewAsync).RequireAuthorization(ErpPolicies.Editors);
        app.MapPost(path + "/new", CreateAsync).RequireAuthorization(ErpPolicies.Editors);
        app.MapGet(path + "/{id}/edit", EditAsync).RequireAuthorization(ErpPolicies.Editors);
        app.MapPost(path + "/{id}/edit", SaveAsync).RequireAuthorization(ErpPolicies.Editors);
    }

    private async Task<IResult> ListAsync(HttpContext http, ErpDbContext db, IAntiforgery antiforgery)
    {
        var rows = (await set(db).AsNoTracking().ToListAsync(http.RequestAborted)).OrderBy(IdOf, StringComparer.Ordinal).ToList();
        var editor = http.User.IsInRole(ErpRoles.Admin) || http.User.IsInRole(ErpRoles.User);
        var table = Html.Table(
            ["Id", .. fields.Select(f => f.Label), ""],
            rows.Select(r => (IEnumerable<string>)[Html.E(IdOf(r)), .. fields.Select(f => Html.E(f.Show(r))),
                editor ? $"<a href=\"{Html.E($"{path}/{Uri.EscapeDataString(IdOf(r))}/edit")}\">Edit</a>" : ""]));
        var body = (editor ? $"<p><a href=\"{Html.E(path + "/new")}\">New {Html.E(singular)}</a></p>" : "") + $"<p>{rows.Count} {Html.E(title.ToLowerInvariant())}</p>" + table;
        return Html.Page(http, antiforgery, title, body);
    }

    private async Task<IResult> NewAsync(HttpContext http, ErpDbContext db, IAntiforgery antiforgery) =>
        Html.Page(http, antiforgery, "New " + singular, await FormAsync(http, db, antiforgery, path + "/new", new T(), []));

    private async Task<IResult> EditAsync(HttpContext http, string id, ErpDbContext db, IAntiforgery antiforgery) =>
        await FindAsync(db, id, http.RequestAborted) is { } record
            ? Html.Page(http, antiforgery, $"Edit {singular} {id}", await FormAsync(http, db, antiforgery, $"{path}/{Uri.EscapeDataString(id)}/edit", record, []))
            : Html.Page(http, antiforgery, "Not found", $"<p>No {Html.E(singular)} {Html.E(id)}.</p>", StatusCodes.Status404NotFound);

    private async Task<IResult> CreateAsync(HttpContext http, ErpDbContext db, IAntiforgery antiforgery)
    {
        var record = new T();
        return await ApplyAndSaveAsync(http, db, antiforgery, record, path + "/new", "New " + singular, isNew: true);
    }

    private async Task<IResult> SaveAsync(HttpContext http, string id, ErpDbContext db, IAntiforgery antiforgery)
    {
        if (await FindAsync(db, id, http.RequestAborted) is not { } record)
        {
            return Html.Page(http, antiforgery, "Not found", $"<p>No {Html.E(singular)} {Html.E(id)}.</p>", StatusCodes.Status404NotFound);
        }

        return await ApplyAndSaveAsync(http, db, antiforgery, record, $"{path}/{Uri.EscapeDataString(id)}/edit", $"Edit {singular} {id}", isNew: false);
    }

    private async Task<IResult> ApplyAndSaveAsync(HttpContext http, ErpDbContext db, IAntiforgery antiforgery, T record, string action, string pageTitle, bool isNew)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Html.Page(http, antiforgery, "Form expired", "<p>The form expired; go back and try again.</p>", StatusCodes.Status400BadRequest);
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var errors = new List<string>();
        foreach (var field in fields.Where(f => f.Apply is not null))
        {
            try
            {
                field.Apply!(record, form[field.Name].ToString().Trim());
            }
            catch (FormatException e)
            {
                errors.Add($"{field.Label}: {e.Message}");
            }
        }

        if (errors.Count == 0 && beforeSave is not null)
        {
            try
            {
                await beforeSave(db, record, isNew, http.RequestServices);
            }
            catch (FormatException e)
            {
                errors.Add(e.Message);
            }
        }

        if (errors.Count > 0)
        {
            return Html.Page(http, antiforgery, pageTitle, await FormAsync(http, db, antiforgery, action, record, errors), StatusCodes.Status400BadRequest);
        }

        if (isNew)
        {
            record.Id = await NextIdAsync(db, http.RequestAborted);
            set(db).Add(record);
        }

        await db.SaveChangesAsync(http.RequestAborted);
        return Results.Redirect(path, permanent: false, preserveMethod: false);
    }

    private async Task<string> FormAsync(HttpContext http, ErpDbContext db, IAntiforgery antiforgery, string action, T record, IReadOnlyCollection<string> errors)
    {
        var inputs = new List<string>();
        foreach (var field in fields)
        {
            if (field.Apply is null)
            {
                inputs.Add($"<p><span class=\"label\">{Html.E(field.Label)}</span> {Html.E(field.Show(record))}</p>");
            }
            else if (field.Choices is not null)
            {
                inputs.Add(Html.Select(field.Name, field.Label, field.Show(record), await field.Choices(db)));
            }
            else
            {
                inputs.Add(Html.Input(field.Name, field.Label, field.Show(record)));
            }
        }

        return Html.Errors(errors) + Html.Form(action, antiforgery.GetAndStoreTokens(http), string.Concat(inputs), "Save");
    }

    private Task<T?> FindAsync(ErpDbContext db, string id, CancellationToken cancellationToken) =>
        set(db).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);

    // Ids are numbered across tenants ("CUST-10008"): the key is the whole table's.
    private async Task<string> NextIdAsync(ErpDbContext db, CancellationToken cancellationToken)
    {
        var ids = await set(db).IgnoreQueryFilters().Select(r => r.Id).ToListAsync(cancellationToken);
        var numbers = ids.Where(i => i.StartsWith(idPrefix, StringComparison.Ordinal))
            .Select(i => int.TryParse(i.AsSpan(idPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0);
        return idPrefix + (numbers.DefaultIfEmpty(0).Max() + 1).ToString(CultureInfo.InvariantCulture);
    }

    private static string IdOf(T record) => record.Id;
}
