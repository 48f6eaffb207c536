using Microsoft.EntityFrameworkCore;

namespace AuditKit;

/// <summary>Whether work done now must wait for a caller's transaction, and the hook for System.Transactions scopes.</summary>
internal static class Transactions
{
    /// <summary>
    /// True when the caller has a transaction open (<c>Database.BeginTransaction</c> or a <c>TransactionScope</c>): events
    /// wait for its commit and are dropped on rollback. A <c>TransactionScope</c> is followed through its completion event.
    /// </summary>
    public static bool Deferred(EntityAuditor auditor, DbContext context, ContextAuditState state)
    {
        if (context.Database.CurrentTransaction is not null)
        {
            return true;
        }

        if (System.Transactions.Transaction.Current is not { } ambient)
        {
            return false;
        }

        if (!ReferenceEquals(state.Ambient, ambient))
        {
            state.Ambient = ambient;
            ambient.TransactionCompleted += (_, e) =>
            {
                state.Ambient = null;
                var events = state.TakePending();
                if (e.Transaction?.TransactionInformation.Status == System.Transactions.TransactionStatus.Committed)
                {
                    foreach (var item in events)
                    {
                        auditor.Record(item);
                    }
                }
            };
        }

        return true;
    }
}
