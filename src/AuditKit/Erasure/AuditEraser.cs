namespace AuditKit;

/// <summary>
/// Finds the request's events through the reader (so tenant scoping applies), replaces each sealed value in
/// scope by its commitment, has the store rewrite those events, and records the erasure as an event of its own.
/// </summary>
internal sealed class AuditEraser(AuditStore store, IAuditReader reader, IAuditLog log, IAuditContextAccessor contextAccessor, TimeProvider timeProvider) : IAuditEraser
{
    public const string Action = "PersonalDataErased";

    public async Task<ErasureResult> EraseAsync(ErasureRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Events recorded before the request may still be queued: they are the subject's too.
        await log.FlushAsync(cancellationToken).ConfigureAwait(false);
        var erasedBy = request.ErasedBy ?? contextAccessor.Current?.Actor?.Id ?? "system";
        var now = timeProvider.GetUtcNow().ToUniversalTime();
        var at = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % 10), TimeSpan.Zero);
        var query = request.ActorId is { } actorId
            ? new AuditQuery { ActorIds = [actorId], PageSize = AuditQuery.MaxPageSize }
            : new AuditQuery { EntityTypes = [request.EntityType!], RecordId = request.RecordId, PageSize = AuditQuery.MaxPageSize };

        int events = 0, fields = 0, notSealed = 0;
        string? cursor = null;
        do
        {
            var page = await reader.QueryAsync(query with { Cursor = cursor }, cancellationToken).ConfigureAwait(false);
            var updated = new List<AuditEvent>();
            foreach (var e in page.Events)
            {
                if (e.Action == Action && e.Category == AuditCategory.Security)
                {
                    continue; // an earlier erasure's receipt: it holds no personal value in scope
                }

                var (copy, erased, plain) = ErasurePlan.Apply(e, request, erasedBy, at);
                if (copy is not null)
                {
                    updated.Add(copy);
                    events++;
                    fields += erased;
                }

                if (plain)
                {
                    notSealed++;
                }
            }

            if (updated.Count > 0)
            {
                await store.ApplyErasureAsync(updated, cancellationToken).ConfigureAwait(false);
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);

        var receipt = new AuditEvent(AuditCategory.Security, Action)
        {
            Message = "Personal data erased",
            Risk = RiskLevel.Medium,
            Target = request.ActorId is { } id ? new AuditTarget("Actor", id) : new AuditTarget(request.EntityType, request.RecordId),
            Metadata = AuditMetadata.Create(
                ("reason", request.Reason),
                ("erased_by", erasedBy),
                ("events_erased", events),
                ("fields_erased", fields),
                ("events_not_sealed", notSealed)),
        };
        receipt = await log.RecordAsync(receipt, AuditDurability.Committed, cancellationToken).ConfigureAwait(false);

        // After the receipt, so a clean-up that locks the current month (PostgreSQL's rewrite) never delays it;
        // also when nothing was left to erase, so retrying after a failed clean-up finishes it.
        await store.CompleteErasureAsync(cancellationToken).ConfigureAwait(false);
        return new ErasureResult(events, fields, notSealed, receipt);
    }
}
