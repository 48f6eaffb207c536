using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace AuditKit.Samples.Erp.Data;

/// <summary>The tenant whose rows a context sees: the request's signed-in user's <see cref="TenantClaim"/>, or a fixed one for seeding.</summary>
internal sealed class CurrentTenant(string? id)
{
    /// <summary>The claim that carries the user's tenant; AuditKit reads the same claim (<c>TenantClaimType</c>).</summary>
    public const string TenantClaim = "tenant";

    public string? Id { get; } = id;

    public static CurrentTenant Of(HttpContext? http) => new(http?.User.FindFirstValue(TenantClaim));
}
