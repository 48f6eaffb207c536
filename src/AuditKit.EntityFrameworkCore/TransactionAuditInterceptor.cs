using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AuditKit;

/// <summary>Releases the events waiting for a caller's transaction when it commits, and drops them when it rolls back.</summary>
internal sealed class TransactionAuditInterceptor(EntityAuditor auditor) : DbTransactionInterceptor
{
    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context)
        {
            var pending = auditor.RecordAsync(auditor.State(context).TakePending(), async: false, default);
            if (!pending.IsCompleted)
            {
                pending.AsTask().GetAwaiter().GetResult();
            }
        }
    }

    public override async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            await auditor.RecordAsync(auditor.State(context).TakePending(), async: true, cancellationToken).ConfigureAwait(false);
        }
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context)
        {
            auditor.State(context).TakePending();
        }
    }

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionRolledBack(transaction, eventData);
        return Task.CompletedTask;
    }

    public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData)
    {
        if (eventData.Context is { } context && eventData.Action == "Commit")
        {
            auditor.State(context).TakePending();
        }
    }

    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionFailed(transaction, eventData);
        return Task.CompletedTask;
    }
}
