using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace AuditKit;

/// <summary>Captures a save's changes before it runs and records them once they are committed (or as Failure when it fails).</summary>
internal sealed class SaveChangesAuditInterceptor : SaveChangesInterceptor
{
    private readonly EntityAuditor _auditor;
    private readonly EventHandler<SaveChangesFailedEventArgs> _onFailed;

    public SaveChangesAuditInterceptor(EntityAuditor auditor)
    {
        _auditor = auditor;
        _onFailed = (sender, args) => Fail(sender as DbContext, args.Exception);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Begin(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Begin(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        var pending = EndAsync(eventData.Context, async: false, default);
        if (!pending.IsCompleted)
        {
            pending.AsTask().GetAwaiter().GetResult();
        }

        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await EndAsync(eventData.Context, async: true, cancellationToken).ConfigureAwait(false);
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Fail(eventData.Context, eventData.Exception);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Fail(eventData.Context, eventData.Exception);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData)
    {
        if (eventData.Context is { } context)
        {
            var state = _auditor.State(context);
            state.Save = null;
            Restore(context, state);
        }
    }

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveChangesCanceled(eventData);
        return Task.CompletedTask;
    }

    private void Begin(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var state = _auditor.State(context);
        var tracker = context.ChangeTracker;

        // SaveChanges detects changes after this interceptor runs: detect them here once and let the save skip its
        // own scan (restored when the save ends, whichever way).
        state.RestoreAutoDetect = tracker.AutoDetectChangesEnabled;
        if (state.RestoreAutoDetect)
        {
            tracker.DetectChanges();
            tracker.AutoDetectChangesEnabled = false;
        }

        try
        {
            var deferred = Transactions.Deferred(context);
            if (!deferred && _auditor.OutboxFor(context, _auditor.Options) is not null
                && context.Database.AutoTransactionBehavior == AutoTransactionBehavior.WhenNeeded)
            {
                // The outbox rows go into the save's own transaction: a one-statement save needs one too.
                state.RestoreAutoTransaction = AutoTransactionBehavior.WhenNeeded;
                context.Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
            }

            state.Save = SaveCapture.Begin(_auditor, context, deferred);

            // EF Core reports a DbUpdateConcurrencyException to the context's SaveChangesFailed event but not to
            // interceptors' SaveChangesFailed: without this the save would stay "in progress" (detection off, and bulk
            // statements skipping the command interceptor) after the conflict.
            context.SaveChangesFailed += _onFailed;
            if (context.GetService<IInterceptors>() is SaveScopedInterceptors scoped)
            {
                scoped.Saving = true; // the save's statements skip the command interceptor (cleared in Restore)
            }
        }
        catch
        {
            Restore(context, state);
            throw;
        }
    }

    private void Restore(DbContext context, ContextAuditState state)
    {
        context.SaveChangesFailed -= _onFailed;
        if (context.GetService<IInterceptors>() is SaveScopedInterceptors { Saving: true } scoped)
        {
            scoped.Saving = false;
        }

        if (state.RestoreAutoTransaction is { } behavior)
        {
            state.RestoreAutoTransaction = null;
            context.Database.AutoTransactionBehavior = behavior;
        }

        if (state.RestoreAutoDetect)
        {
            state.RestoreAutoDetect = false;
            context.ChangeTracker.AutoDetectChangesEnabled = true;
        }
    }

    private ValueTask EndAsync(DbContext? context, bool async, CancellationToken cancellationToken)
    {
        if (context is null || _auditor.State(context) is not { Save: { } capture } state)
        {
            return ValueTask.CompletedTask;
        }

        state.Save = null;
        Restore(context, state);
        if (capture.Staged)
        {
            return ValueTask.CompletedTask; // in the outbox, and queued when the save's transaction committed
        }

        var events = capture.Complete();
        if (capture.Deferred)
        {
            state.Defer(events);
            return ValueTask.CompletedTask;
        }

        return _auditor.RecordAsync(events, async, cancellationToken);
    }

    private void Fail(DbContext? context, Exception error)
    {
        if (context is null || _auditor.State(context) is not { Save: { } capture } state)
        {
            return;
        }

        state.Save = null;
        Restore(context, state);
        if (_auditor.Options.RecordFailures)
        {
            foreach (var e in capture.Fail(error))
            {
                _auditor.Record(e);
            }
        }
    }
}
