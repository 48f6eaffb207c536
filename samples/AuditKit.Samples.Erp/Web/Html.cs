using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;

namespace AuditKit.Samples.Erp.Web;

/// <summary>
/// The sample's server-rendered HTML: one layout, and every value written through <see cref="HtmlEncoder"/> (a customer
/// called <c>&lt;script&gt;</c> is shown as text). No inline script or style, so the strict CSP of
/// <see cref="SecurityHeaders"/> holds.
/// </summary>
internal static class Html
{
    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    public static IResult Page(HttpContext http, IAntiforgery antiforgery, string title, string body, int status = StatusCodes.Status200OK)
    {
        var user = http.User;
        var signedIn = user.Identity?.IsAuthenticated == true;
        var html = new StringBuilder()
            .Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(E(title)).Append(" · AuditKit ERP</title><link rel=\"stylesheet\" href=\"/site.css\"><link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\"></head><body><header><strong>AuditKit ERP</strong>");
        if (signedIn)
        {
            html.Append("<nav aria-label=\"Main\"><a href=\"/customers\">Customers</a><a href=\"/products\">Products</a><a href=\"/orders\">Orders</a><a href=\"/invoices\">Invoices</a>");
            if (user.IsInRole(Data.ErpRoles.Admin) || user.IsInRole(Data.ErpRoles.Auditor))
            {
                html.Append("<a href=\"/audit-log\">Audit log</a>");
            }

            html.Append("</nav><span class=\"who\">").Append(E(user.Identity!.Name)).Append(" · ").Append(E(user.FindFirst(Data.CurrentTenant.TenantClaim)?.Value)).Append("</span>")
                .Append(Form("/logout", antiforgery.GetAndStoreTokens(http), "", "Sign out"));
        }

        html.Append("</header><main><h1>").Append(E(title)).Append("</h1>").Append(body).Append("</main></body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    /// <summary>A POST form with the antiforgery token.</summary>
    public static string Form(string action, AntiforgeryTokenSet tokens, string fields, string submit) =>
        $"<form method=\"post\" action=\"{E(action)}\"><input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken)}\">{fields}<button type=\"submit\">{E(submit)}</button></form>";

    public static string Input(string name, string label, string? value, string type = "text") =>
        $"<p><label for=\"{E(name)}\">{E(label)}</label><input id=\"{E(name)}\" name=\"{E(name)}\" type=\"{E(type)}\" value=\"{E(value)}\"></p>";

    public static string Select(string name, string label, string? value, IEnumerable<(string Value, string Text)> options)
    {
        var html = new StringBuilder($"<p><label for=\"{E(name)}\">{E(label)}</label><select id=\"{E(name)}\" name=\"{E(name)}\">");
        foreach (var (optionValue, text) in options)
        {
            html.Append("<option value=\"").Append(E(optionValue)).Append('"').Append(optionValue == value ? " selected" : "").Append('>').Append(E(text)).Append("</option>");
        }

        return html.Append("</select></p>").ToString();
    }

    public static string Errors(IReadOnlyCollection<string> errors) =>
        errors.Count == 0 ? "" : "<div class=\"errors\" role=\"alert\"><ul>" + string.Concat(errors.Select(e => $"<li>{E(e)}</li>")) + "</ul></div>";

    public static string Table(IEnumerable<string> headers, IEnumerable<IEnumerable<string>> rows) =>
        "<table><thead><tr>" + string.Concat(headers.Select(h => $"<th scope=\"col\">{E(h)}</th>")) + "</tr></thead><tbody>"
        + string.Concat(rows.Select(r => "<tr>" + string.Concat(r.Select(cell => $"<td>{cell}</td>")) + "</tr>")) + "</tbody></table>";
}
