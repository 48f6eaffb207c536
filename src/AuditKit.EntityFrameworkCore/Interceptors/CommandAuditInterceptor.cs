using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace AuditKit;

/// <summary>
/// Captures <c>ExecuteUpdate</c>/<c>ExecuteDelete</c> (which bypass the change tracker), and records the views noted
/// while a query's reader was read, as one View event per entity type when the reader closes: entities materialized
/// (<see cref="ViewAuditInterceptor"/>) and projections tagged by <see cref="ProjectionViewInterceptor"/>.
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

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result) =>
        BeginProjection(command, eventData, result);

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(BeginProjection(command, eventData, result));

    public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        if (!auditor.ViewsNoted || eventData.Context is not { } context)
        {
            return result;
        }

        var state = auditor.State(context);
        if (state.Projections is { } projections && projections.Remove(command, out var projection))
        {
            RecordProjection(context, projection, state.Views);
        }

        if (state.Views is { Count: > 0 } views)
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

    // A projection's command carries a ProjectionTag per entity type it reads (ProjectionViewInterceptor); views
    // are logged for the types configured so at this moment, with the keys when the projection includes them.
    private DbDataReader BeginProjection(DbCommand command, CommandExecutedEventData eventData, DbDataReader reader)
    {
        if (eventData.Context is not { } context || !command.CommandText.Contains(ProjectionTag.Prefix, StringComparison.Ordinal)
            || ProjectionTag.Find(command.CommandText) is not { } tags)
        {
            return reader;
        }

        var options = auditor.Options;
        var views = new List<(IEntityType Type, string Name, ProjectionTag Tag)>();
        foreach (var tag in tags)
        {
            if (context.Model.FindEntityType(tag.EntityType) is { } type && auditor.LogsViews(type, options) && !views.Exists(v => v.Type == type))
            {
                views.Add((type, auditor.EntityName(type, options), tag));
            }
        }

        if (views.Count == 0)
        {
            return reader;
        }

        var keyOrdinal = -1;
        if (views.Find(v => v.Tag.KeyColumn is not null) is { Tag.KeyColumn: { } column })
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (string.Equals(reader.GetName(i), column, StringComparison.OrdinalIgnoreCase))
                {
                    keyOrdinal = i;
                    break;
                }
            }
        }

        var counting = new ProjectionDataReader(reader, keyOrdinal, options.MaxViewIds);
        var state = auditor.State(context);
        (state.Projections ??= [])[command] = new ProjectionRead(views, counting);
        auditor.ViewsNoted = true;
        return counting;
    }

    private void RecordProjection(DbContext context, ProjectionRead projection, Dictionary<IEntityType, ViewCapture>? materialized)
    {
        var rows = projection.Reader.Rows;
        if (rows == 0)
        {
            return;
        }

        var ambient = auditor.Ambient(context, auditor.Options);
        foreach (var (type, name, tag) in projection.Views)
        {
            if (materialized?.ContainsKey(type) == true)
            {
                continue; // the query also read whole entities of this type: their view event lists them
            }

            var ids = tag.KeyColumn is not null ? projection.Reader.Ids : null;
            var fields = System.Text.Json.JsonSerializer.SerializeToElement(tag.Fields);
            auditor.Record(new AuditEvent(AuditCategory.DataAccess, AuditActions.View)
            {
                Target = new AuditTarget(name, rows == 1 && ids is [var id] ? id : null),
                Message = $"Viewed {rows} {name} record(s): {string.Join(", ", tag.Fields)}",
                Metadata = ids is null
                    ? AuditMetadata.Create(("record_count", rows), ("projection", true), ("fields", fields))
                    : AuditMetadata.Create(("record_count", rows), ("record_ids", System.Text.Json.JsonSerializer.SerializeToElement(ids)), ("ids_truncated", ids.Count < rows), ("projection", true), ("fields", fields)),
                Actor = ambient.Actor,
                Client = ambient.Client,
                TenantId = ambient.TenantId,
                CorrelationId = ambient.CorrelationId,
            });
        }
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
