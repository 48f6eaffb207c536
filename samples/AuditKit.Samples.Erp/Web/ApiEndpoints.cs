using AuditKit.Samples.Erp.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace AuditKit.Samples.Erp.Web;

/// <summary>A small JSON API under /api; AuditKit records each request as an ApiRequest event (route template, status, duration).</summary>
internal static class ApiEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization();
        api.MapGet("/orders", async (ErpDbContext db, CancellationToken cancellationToken) =>
            (await db.Orders.AsNoTracking().ToListAsync(cancellationToken)).OrderBy(o => o.Id, StringComparer.Ordinal)
                .Select(o => new { o.Id, o.CustomerId, o.ProductId, o.Quantity, o.Total, o.Status, o.OrderDate }));
        api.MapGet("/customers/{id}", async (string id, ErpDbContext db, CancellationToken cancellationToken) =>
            await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken) is { } c
                ? Results.Ok(new { c.Id, c.Name, c.Email, c.Phone, c.CreditLimit, c.PaymentTerms, c.Status })
                : Results.NotFound());
    }
}
