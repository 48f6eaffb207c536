using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AuditKit;

/// <summary>Releases the events waiting for a caller's transaction when it commits, and drops them when it rolls back.</summary>
internal sealed class TransactionAuditInterceptor(EntityAuditor auditor) : DbTransactionInterceptor
{
    public override InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        // Synchronous I/O: completes at once, and rethrows a failed insert so the commit does not happen.
        StageAsync(transaction, eventData.Context, async: false, default).AsTask().GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        await StageAsync(transaction, eventData.Context, async: true, cancellationToken).ConfigureAwait(false);
        return result;
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context)
        {
            _ = Release(context, async: false);
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
            await Release(context, async: true).ConfigureAwait(false);
            await auditor.RecordAsync(auditor.State(context).TakePending(), async: true, cancellationToken).ConfigureAwait(false);
        }
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context)
        {
            auditor.State(context).Discard();
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
            auditor.State(context).Discard();
        }
    }

    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionFailed(transaction, eventData);
        return Task.CompletedTask;
    }

    // Outbox: the transaction's events (the save's own, or those waiting for the caller's commit) go into the outbox
    // table inside it, just before it commits.
    private async ValueTask StageAsync(DbTransaction transaction, DbContext? context, bool async, CancellationToken cancellationToken)
    {
        if (context is null || auditor.OutboxFor(context, auditor.Options) is not { } outbox)
        {
            return;
        }

        var state = auditor.State(context);
        var events = state.TakePending();
        if (state.Save is { Deferred: false, Staged: false } capture)
        {
            events.AddRange(capture.Complete());
            capture.Staged = true;
        }

        state.Staged = await outbox.StageAsync(transaction, events, async, cancellationToken).ConfigureAwait(false);
    }

    // Outbox: after the commit, the staged events are queued (awaited until stored for Committed async saves).
    private Task Release(DbContext context, bool async)
    {
        var state = auditor.State(context);
        if (state.Staged is not { } staged)
        {
            return Task.CompletedTask;
        }

        state.Staged = null;
        var stored = auditor.Outbox.Release(staged);
        if (async && auditor.Options.Durability == AuditDurability.Committed)
        {
            return stored;
        }

        // Not awaited: the events are queued (with the pipeline's guarantees), and a row whose event was not
        // stored stays for the relay.
        stored.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return Task.CompletedTask;
    }
}
