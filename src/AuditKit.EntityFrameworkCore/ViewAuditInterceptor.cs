using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AuditKit;

/// <summary>Notes each materialized record of an entity type whose views are logged; <see cref="CommandAuditInterceptor"/> records them per query.</summary>
internal sealed class ViewAuditInterceptor(EntityAuditor auditor) : IMaterializationInterceptor
{
    public object InitializedInstance(MaterializationInterceptionData materializationData, object entity)
    {
        var type = materializationData.EntityType;
        var options = auditor.Options;
        if (!auditor.LogsViews(type, options))
        {
            return entity;
        }

        var state = auditor.State(materializationData.Context);
        if (state.Views is null)
        {
            state.Views = [];
            auditor.ViewsNoted = true;
        }

        if (!state.Views.TryGetValue(type, out var view))
        {
            state.Views[type] = view = new ViewCapture(auditor.EntityName(type, options));
        }

        view.Count++;
        if (view.Ids.Count < options.MaxViewIds)
        {
            var key = auditor.Type(type).Key;
            var values = new string?[key.Count];
            for (var i = 0; i < key.Count; i++)
            {
                values[i] = AuditValueText.Format(materializationData.GetPropertyValue(key[i]));
            }

            view.Ids.Add(EntityAuditor.FormatKey(values));
        }

        return entity;
    }
}
