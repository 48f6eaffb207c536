using Microsoft.EntityFrameworkCore;

namespace AuditKit;

/// <summary>Whether work done now must wait for a caller's transaction.</summary>
internal static class Transactions
{
    /// <summary>
    /// True when the caller has a transaction open through EF Core (<c>Database.BeginTransaction</c>, or
    /// <c>Database.UseTransaction</c> committed through EF Core): events wait for its commit and are dropped on
    /// rollback. System.Transactions scopes are not followed (see docs/entity-framework.md).
    /// </summary>
    public static bool Deferred(DbContext context) => context.Database.CurrentTransaction is not null;
}
