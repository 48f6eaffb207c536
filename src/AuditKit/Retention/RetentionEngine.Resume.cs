using Microsoft.Extensions.Logging;

namespace AuditKit;

internal sealed partial class RetentionEngine
{
    /// <summary>
    /// Completes the unit a crashed run left: still writing, nothing was deleted yet, so its uploads are removed and the
    /// stream is simply archived again by this run; deleting, its archives are read back and verified again and the
    /// deletion is finished (deleting is idempotent: what is gone stays gone, the rest of the selection is taken).
    /// </summary>
    private async Task ResumeAsync(RetentionUnit unit, Totals totals, CancellationToken cancellationToken)
    {
        LogResume(unit.RunId, unit.StreamId, unit.Phase);
        if (unit.Phase == RetentionUnit.Deleting)
        {
            await VerifyUnitAsync(unit, cancellationToken).ConfigureAwait(false);
            await DeleteAndCompleteAsync(unit, totals, cancellationToken).ConfigureAwait(false);
            totals.ArchivesWritten += unit.Archives.Count;
            totals.EventsArchived += unit.Archives.Sum(a => a.EventCount);
            return;
        }

        foreach (var archive in unit.Archives)
        {
            await Target.DeleteAsync(archive.Name, cancellationToken).ConfigureAwait(false);
            await Target.DeleteAsync(archive.Name + ArchiveNames.ManifestSuffix, cancellationToken).ConfigureAwait(false);
        }

        State.Pending = null;
        await SaveStateAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(2, LogLevel.Warning, "Retention: completing the step {RunId} of stream {StreamId} that an earlier run left in phase '{Phase}'.")]
    private partial void LogResume(string runId, int streamId, string phase);
}
