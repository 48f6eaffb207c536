using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace AuditKit;

/// <summary>The model's many-to-many join entity types, each with the skip navigation it is recorded on.</summary>
internal static class JoinTypes
{
    public static IReadOnlyDictionary<IEntityType, ISkipNavigation> Of(IModel model) =>
        model.GetOrAddRuntimeAnnotationValue("AuditKit:JoinTypes", static m => Build(m!), model);

    private static Dictionary<IEntityType, ISkipNavigation> Build(IModel model)
    {
        var joins = new Dictionary<IEntityType, ISkipNavigation>();
        foreach (var skip in model.GetEntityTypes().SelectMany(t => t.GetDeclaredSkipNavigations())
            .OrderBy(s => s.DeclaringEntityType.Name, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal))
        {
            joins.TryAdd(skip.JoinEntityType, skip);
        }

        return joins;
    }
}
