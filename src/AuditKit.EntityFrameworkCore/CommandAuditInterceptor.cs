using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace AuditKit;

/// <summary>
/// Captures <c>ExecuteUpdate</c>/<c>ExecuteDelete</c> (which bypass the change tracker), and records the views noted
/// while a query's reader was read, as one View event per entity type when the reader closes.
/// </summary>
internal sealed class CommandAuditInterceptor(EntityAuditor auditor) : DbCommandInterceptor
{
    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        BeginBulk(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        BeginBulk(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        EndBulkAsync(command, eventData, result, async: false, default).AsTask().GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await EndBulkAsync(command, eventData, result, async: true, cancellationToken).ConfigureAwait(false);
        return result;
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => AbandonBulk(command, eventData.Context);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        AbandonBulk(command, eventData.Context);
        return Task.CompletedTask;
    }

    public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        if (auditor.ViewsNoted && eventData.Context is { } context && auditor.State(context) is { Views: { Count: > 0 } views } state)
        {
            state.Views = null;
            var ambient = auditor.Ambient(context, auditor.Options);
            foreach (var view in views.Values)
            {
                auditor.Record(new AuditEvent(AuditCategory.DataAccess, AuditActions.View)
                {
                    Target = new AuditTarget(view.EntityName, view.Count == 1 ? view.Ids[0] : null),
                    Message = $"Viewed {view.Count} {view.EntityName} record(s)",
                    Metadata = AuditMetadata.Create(("record_count", view.Count), ("record_ids", System.Text.Json.JsonSerializer.SerializeToElement(view.Ids)), ("ids_truncated", view.Ids.Count < view.Count)),
                    Actor = ambient.Actor,
                    Client = ambient.Client,
                    TenantId = ambient.TenantId,
                    CorrelationId = ambient.CorrelationId,
                });
            }
        }

        return result;
    }

    private void BeginBulk(DbCommand command, CommandEventData eventData)
    {
        if (eventData.CommandSource is not (CommandSource.ExecuteUpdate or CommandSource.ExecuteDelete) || eventData.Context is not { } context)
        {
            return;
        }

        var state = auditor.State(context);
        var deferred = Transactions.Deferred(context);
        if (BulkCapture.Begin(auditor, context, command, eventData.CommandSource == CommandSource.ExecuteDelete, deferred) is not { } capture)
        {
            return;
        }

        if (capture.ReadsRows && command.Transaction is null)
        {
            // The before-read (keys, or rows with CaptureBulkRows) and the statement must see the same rows.
            capture.OwnTransaction = command.Connection!.BeginTransaction();
            command.Transaction = capture.OwnTransaction;
        }

        capture.ReadBefore(command, context.GetService<ISqlGenerationHelper>());
        state.Bulk = capture;
    }

    private async ValueTask EndBulkAsync(DbCommand command, CommandExecutedEventData eventData, int rows, bool async, CancellationToken cancellationToken)
    {
        if (eventData.Context is not { } context || auditor.State(context) is not { Bulk: { } capture } state)
        {
            return;
        }

        state.Bulk = null;
        List<AuditEvent> events;
        try
        {
            events = capture.Complete(command, context.GetService<ISqlGenerationHelper>(), rows);
        }
        finally
        {
            if (capture.OwnTransaction is { } own)
            {
                own.Commit();
                own.Dispose();
                command.Transaction = null;
            }
        }

        if (capture.Deferred)
        {
            state.Defer(events);
        }
        else
        {
            await auditor.RecordAsync(events, async, cancellationToken).ConfigureAwait(false);
        }
    }

    private void AbandonBulk(DbCommand command, DbContext? context)
    {
        if (context is null || auditor.State(context) is not { Bulk: { } capture } state)
        {
            return;
        }

        state.Bulk = null;
        if (capture.OwnTransaction is { } own)
        {
            own.Rollback();
            own.Dispose();
            command.Transaction = null;
        }
    }
}
